// Small helpers over exceljs's streaming worksheet: rows written and committed one at a time, merges
// and data validations added the way a 100,000-row sheet can afford.
import type ExcelJS from 'exceljs';
import { columnLetter } from '../../ledger';
import { STYLES, type StyleName } from './styles';

/** A cell to write: text is always a plain string value, so "=SUM(1)" stays text and never becomes a formula. */
export interface Cell {
  value: string | number | boolean | null;
  style: StyleName;
  /** A live formula (without "="), written only by our own code with `value` as its cached result. */
  formula?: string;
}

/** Set when the output fails, so a writer waiting for the zip to catch up stops waiting. */
export interface Flow {
  error?: unknown;
}

interface QueuedStream {
  _writableState?: { length: number };
  _readableState?: { length: number };
}

// How much of a sheet's XML may wait for the zip before we pause; its chunks are 64 KiB.
const MAX_BACKLOG = 1024 * 1024;
const CHUNK = 64 * 1024;

export class SheetWriter {
  private next = 1;
  private readonly merges: unknown[];
  private readonly out: { buffers: unknown[]; pipes: QueuedStream[] };

  constructor(
    private readonly ws: ExcelJS.Worksheet,
    private readonly flow: Flow,
  ) {
    // exceljs's streaming sheet checks each merge against every earlier one, O(n²): minutes for the
    // tens of thousands of problem merges of a 100,000-row ledger. Ours never overlap by construction,
    // so they go straight into the list the writer serialises as <mergeCells> at commit.
    const merges = (ws as unknown as { _merges?: unknown })._merges;
    // The sheet's XML goes through a buffer (StreamBuf) into the zip, which ignores backpressure: rows
    // written faster than zlib deflates pile up in memory (280 MB for 300,000 rows in a trial). We
    // watch that queue and wait for it to drain.
    const out = (ws as unknown as { stream?: { buffers?: unknown; pipes?: unknown } }).stream;
    if (!Array.isArray(merges) || !Array.isArray(out?.buffers) || !Array.isArray(out?.pipes)) {
      throw new Error('exceljs streaming worksheet internals changed (expected _merges and stream.buffers/pipes; exceljs 4.4.0)');
    }
    this.merges = merges;
    this.out = out as SheetWriter['out'];
  }

  /** Wait until the zip has taken most of what this sheet wrote. Call every few hundred rows. */
  async settle(): Promise<void> {
    while (this.backlog() > MAX_BACKLOG) {
      if (this.flow.error) throw this.flow.error;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  private backlog(): number {
    let bytes = this.out.buffers.length * CHUNK;
    for (const p of this.out.pipes) bytes += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
    return bytes;
  }

  /** The Excel row number the next `row()` call writes. */
  get rowNumber(): number {
    return this.next;
  }

  row(cells: Cell[], height?: number): number {
    const n = this.next++;
    const row = this.ws.getRow(n);
    cells.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = c.formula ? { formula: c.formula, result: c.value ?? 0 } : c.value;
      cell.style = STYLES[c.style];
    });
    if (height) row.height = height;
    row.commit();
    return n;
  }

  /** Merge 1-based inclusive rows and 0-based inclusive columns. */
  merge(top: number, left: number, bottom: number, right: number): void {
    if (top === bottom && left === right) return;
    this.merges.push(`${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`);
  }

  /** A dropdown over a range ("M4:M100"): `source` is an inline list ("\"a,b\"") or a range reference. */
  dropdown(range: string, source: string, message: { title: string; text: string }): void {
    const validations = (this.ws as unknown as { dataValidations?: { add?: unknown } }).dataValidations;
    if (typeof validations?.add !== 'function') throw new Error('exceljs worksheet has no dataValidations (exceljs version changed?)');
    const add = validations.add as (address: string, v: ExcelJS.DataValidation) => void;
    add.call(validations, range, {
      type: 'list',
      allowBlank: true,
      formulae: [source],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: message.title,
      error: message.text,
    });
  }
}

/** A text as a string literal inside a formula. */
export function formulaText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
