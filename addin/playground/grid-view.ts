// The simulated workbook drawn as a spreadsheet, showing what Excel shows: values under their number
// formats (dates as dates), formula results, the fills of conditional formats over the cells' own
// (the pane's marks); sheet tabs, a formula bar, merged cells, a ▾ on cells with a drop-down list,
// hidden columns folded. Typing goes through host.edit, so the sheet's change event fires as it does
// when a person types in Excel.
import { columnLetter, parseRangeRef, rangeRef, type MergedRange } from '../../ledger';
import { displayText, UNSUPPORTED, type ConditionalStyle, type SheetSnapshot, type SimHost } from '../sim';
import { h } from '../pane/ui/dom';

/** Rows drawn at most; a dev page need not scroll through 60,000 rows. */
const MAX_ROWS = 1000;
const SPARE_ROWS = 5;
const SPARE_COLS = 2;

function contains(r: MergedRange, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

interface CellLook {
  merge: MergedRange | undefined;
  hidden: boolean;
  listed: boolean;
  conditional: ConditionalStyle | undefined;
}

/** The items of a list rule: typed ("a,b,c") or a reference to cells of another sheet. */
function listItems(host: SimHost, source: string): string[] {
  if (!source.startsWith('=')) return source.split(',');
  const ref = source.slice(1).replaceAll('$', '');
  const bang = ref.lastIndexOf('!');
  const sheet = ref.slice(0, bang).replace(/^'|'$/g, '').replaceAll("''", "'");
  const range = parseRangeRef(ref.slice(bang + 1));
  const grid = host.inspect(sheet).grid;
  const out: string[] = [];
  for (let r = range.top; r <= range.bottom; r++) {
    const v = grid.cells[r]?.[range.left];
    if (v !== null && v !== undefined && v !== '') out.push(String(v));
  }
  return out;
}

export class WorkbookView {
  #sheet: string | undefined;
  #selected = { row: 0, col: 0 };
  #lastSelection: string | undefined;
  #draft: string | undefined;
  #pending = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: SimHost,
  ) {}

  /** The sheet shown and its selected cell (0-based). */
  selected(): { sheet: string; row: number; col: number } | undefined {
    return this.#sheet === undefined ? undefined : { sheet: this.#sheet, ...this.#selected };
  }

  /** Redraws on the next frame (many batches may finish in one). */
  refresh(): void {
    if (this.#pending) return;
    this.#pending = true;
    requestAnimationFrame(() => {
      this.#pending = false;
      this.render();
    });
  }

  #followSelection(): void {
    // When the pane selects a cell (a finding clicked), show it.
    const sel = this.host.selection();
    const key = `${sel.sheet}!${sel.address ?? ''}`;
    if (key === this.#lastSelection) return;
    this.#lastSelection = key;
    if (sel.sheet) this.#sheet = sel.sheet;
    if (sel.address) {
      const r = parseRangeRef(sel.address);
      this.#selected = { row: r.top, col: r.left };
      this.#draft = undefined;
    }
  }

  async #commit(value: string): Promise<void> {
    const sheet = this.#sheet;
    if (!sheet) return;
    const addr = rangeRef({ top: this.#selected.row, left: this.#selected.col, bottom: this.#selected.row, right: this.#selected.col });
    this.#draft = undefined;
    await this.host.edit(sheet, addr, [[value]]);
    this.render();
  }

  render(): void {
    this.#followSelection();
    const grids = this.host.toGrids();
    if (!this.#sheet || !grids.some((g) => g.sheet === this.#sheet)) this.#sheet = grids.find((g) => !g.hidden)?.sheet ?? grids[0]?.sheet;
    const name = this.#sheet;
    if (!name) {
      this.root.replaceChildren(h('p', {}, '工作簿是空的 / The workbook is empty'));
      return;
    }
    const snap = this.host.inspect(name);
    const tabs = h(
      'div',
      { class: 'pg-tabs', role: 'tablist', 'aria-label': '工作表 / Sheets' },
      grids.map((g) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: 'pg-tab',
            'aria-selected': g.sheet === name ? 'true' : 'false',
            onclick: () => {
              this.#sheet = g.sheet;
              this.#selected = { row: 0, col: 0 };
              this.render();
            },
          },
          g.hidden ? `${g.sheet}（隐藏）` : g.sheet,
        ),
      ),
    );
    this.root.replaceChildren(tabs, this.#formulaBar(snap), this.#table(snap), this.#legend(snap));
  }

  #formulaBar(snap: SheetSnapshot): HTMLElement {
    const { row, col } = this.#selected;
    const addr = rangeRef({ top: row, left: col, bottom: row, right: col });
    const value = snap.formulas[addr] ?? displayText(snap.grid.cells[row]?.[col] ?? null, snap.numberFormats[addr]);
    const rule = snap.validations.find((v) => contains(parseRangeRef(v.address), row, col));
    const input = h('input', {
      id: 'pg-value',
      class: 'pg-input',
      'aria-label': `单元格 ${addr} 的值 / Value of ${addr}`,
      value: this.#draft ?? value,
      oninput: (e) => (this.#draft = (e.target as HTMLInputElement).value),
      onkeydown: (e) => {
        const k = e as KeyboardEvent;
        if (k.key === 'Enter') void this.#commit((k.target as HTMLInputElement).value);
        if (k.key === 'Escape') {
          this.#draft = undefined;
          this.render();
        }
      },
    });
    return h(
      'div',
      { class: 'pg-formula' },
      h('span', { class: 'pg-addr', id: 'pg-addr' }, addr),
      input,
      h('button', { type: 'button', class: 'lp-button', id: 'pg-apply', onclick: () => void this.#commit(input.value) }, '确定'),
      rule
        ? h(
            'select',
            {
              id: 'pg-list',
              'aria-label': `${addr} 的下拉选项 / Drop-down for ${addr}`,
              onchange: (e) => {
                const v = (e.target as HTMLSelectElement).value;
                if (v) void this.#commit(v);
              },
            },
            h('option', { value: '' }, '▾ 下拉选项'),
            listItems(this.host, rule.rule.list.source).map((item) => h('option', { value: item }, item)),
          )
        : null,
    );
  }

  #table(snap: SheetSnapshot): HTMLElement {
    const grid = snap.grid;
    const width = Math.max(0, ...grid.cells.map((r) => r.length), ...grid.merges.map((m) => m.right + 1)) + SPARE_COLS;
    const height = Math.min(MAX_ROWS, grid.cells.length + SPARE_ROWS);
    const mergeAt = new Map<number, MergedRange>();
    for (const m of grid.merges) {
      for (let r = m.top; r <= Math.min(m.bottom, height - 1); r++) for (let c = m.left; c <= Math.min(m.right, width - 1); c++) mergeAt.set(r * width + c, m);
    }
    const validations = snap.validations.map((v) => parseRangeRef(v.address));
    const hidden = new Set(snap.hiddenColumns);
    const conditional = this.host.conditionalStyles(snap.name, height);
    const head = h(
      'tr',
      {},
      h('th', { class: 'pg-corner' }),
      Array.from({ length: width }, (_, c) => h('th', { scope: 'col', class: hidden.has(c) ? 'pg-col pg-hidden' : 'pg-col', title: hidden.has(c) ? `隐藏列 ${columnLetter(c)}` : undefined }, hidden.has(c) ? '' : columnLetter(c))),
    );
    const body: HTMLElement[] = [];
    for (let r = 0; r < height; r++) {
      const cells: HTMLElement[] = [h('th', { scope: 'row', class: 'pg-row' }, r + 1)];
      for (let c = 0; c < width; c++) {
        const merge = mergeAt.get(r * width + c);
        if (merge && (merge.top !== r || merge.left !== c)) continue;
        const addr = rangeRef({ top: r, left: c, bottom: r, right: c });
        const look = { merge, hidden: hidden.has(c), listed: validations.some((v) => contains(v, r, c)), conditional: conditional[addr] };
        cells.push(this.#cell(snap, r, c, addr, look));
      }
      body.push(h('tr', {}, cells));
    }
    return h('div', { class: 'pg-scroll' }, h('table', { class: 'pg-grid', 'aria-label': `工作表 ${snap.name}` }, h('thead', {}, head), h('tbody', {}, body)));
  }

  /** One cell as Excel draws it: the value under its number format, a conditional format's colours over the cell's own. */
  #cell(snap: SheetSnapshot, r: number, c: number, addr: string, look: CellLook): HTMLElement {
    const formula = snap.formulas[addr];
    const value = snap.grid.cells[r]?.[c] ?? null;
    const classes = ['pg-cell'];
    if (look.hidden) classes.push('pg-hidden');
    if (r === this.#selected.row && c === this.#selected.col) classes.push('pg-selected');
    if (typeof value === 'number') classes.push('pg-number');
    const unsupported = formula !== undefined && value === UNSUPPORTED;
    if (unsupported) classes.push('pg-unsupported');
    const fill = look.conditional?.fill ?? snap.fills[addr];
    const font = look.conditional?.fontColor ?? snap.fontColors[addr];
    const style = [fill && `background:${fill}`, font && `color:${font}`].filter(Boolean).join(';');
    return h(
      'td',
      {
        class: classes.join(' '),
        'data-addr': addr,
        // The cell's own fill (a mark, or the user's colour), which a conditional format may draw over.
        'data-fill': snap.fills[addr],
        rowspan: look.merge ? look.merge.bottom - look.merge.top + 1 : undefined,
        colspan: look.merge ? look.merge.right - look.merge.left + 1 : undefined,
        style: style || undefined,
        title: unsupported ? `模拟器算不出这个公式（Excel 能算）/ The simulator cannot compute this formula (Excel can): ${formula}` : formula,
        onclick: () => {
          this.#selected = { row: r, col: c };
          // As in Excel, clicking a cell selects it in the workbook: the pane reads the selection.
          if (this.#sheet) this.host.select(this.#sheet, addr);
          this.#draft = undefined;
          this.render();
          document.getElementById('pg-value')?.focus();
        },
      },
      look.hidden ? '' : displayText(value, snap.numberFormats[addr]),
      look.listed && !look.hidden ? h('span', { class: 'pg-arrow', 'aria-hidden': 'true' }, '▾') : null,
    );
  }

  #legend(snap: SheetSnapshot): HTMLElement {
    const marks = Object.keys(snap.fills).length;
    return h(
      'p',
      { class: 'pg-legend', id: 'pg-legend' },
      `数据验证 ${snap.validations.length} 处 · 条件格式 ${snap.conditionalFormats.length} 条 · 标色单元格 ${marks} 个 · 隐藏列 ${snap.hiddenColumns.map(columnLetter).join('、') || '无'}`,
    );
  }
}
