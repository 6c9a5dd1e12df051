// The workbooks we write, proven in a real spreadsheet engine (LibreOffice, as in CI): the 汇总 sheet
// recalculated from its formulas alone gives the rollup's figures, and every sheet prints without
// text cut off or printed over other text, with its title and header on every page and page numbers
// at the foot. Page images go to test/artifacts/pdf/ for people to look at.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { CampaignConfig, computeRollup, isCompleted, mergeLedgers, readLedger, type Closure, type Grid, type GridWorkbook, type Master, type Rollup } from '../../ledger';
import { readWorkbookFile } from '../../server/xlsx/read';
import { writeMasterWorkbook } from '../../server/xlsx/write-master';
import { convert, pageImages, POPPLER, readPdf, SOFFICE, tempFile, withoutCachedResults, type PdfWord } from '../support/libreoffice';
import { describeNeeding, NEEDS } from '../support/requires';
import { unitBook, UNITS } from '../service/units';
import { handMaster, config as handConfig } from './fixtures';
import { master305 } from './ledger-305';

const SAMPLE = resolve('../shared/samples/sample-unit-ledger.xlsx');
const ARTIFACTS = resolve('test/artifacts/pdf');

interface Case {
  name: string;
  master: Master;
  rollup: Rollup;
  config: CampaignConfig;
}

async function cases(): Promise<Case[]> {
  const plain = CampaignConfig.parse({});
  const sample = mergeLedgers([readLedger(await readWorkbookFile(SAMPLE))], { asOf: '2018-09-10', config: plain });
  const units = mergeLedgers(
    UNITS.map((_, u) => readLedger(unitBook(u))),
    { asOf: '2018-10-15', config: plain },
  );
  const closed = withClosures(units.master);
  return [
    { name: 'hand', ...handMaster(), config: handConfig },
    { name: 'sample', master: sample.master, rollup: sample.rollup, config: plain },
    { name: 'units-20', master: units.master, rollup: units.rollup, config: plain },
    { name: 'units-20-closed', master: closed, rollup: computeRollup(closed.rows.map((r) => r.measure), '2018-10-15', plain), config: plain },
    { name: 'master-305', ...master305() },
  ];
}

/** The master with the office's closure work on it: every third completed measure closed off, others asked for or returned. */
function withClosures(master: Master): Master {
  const states = ['approved', 'requested', 'approved', 'returned'] as const;
  let done = 0;
  const rows = master.rows.map((r) => {
    if (!isCompleted(r.measure)) return r;
    const state = states[done++ % states.length]!;
    const closure: Closure = { state, on: '2018-10-12', by: '整改办', ...(state === 'returned' ? { reason: '缺少复查照片' } : {}) };
    return { ...r, measure: { ...r.measure, closure } };
  });
  return { ...master, rows };
}

async function written(c: Case): Promise<Buffer> {
  const path = join(mkdtempSync(join(tmpdir(), 'engine-')), `${c.name}.xlsx`);
  await writeMasterWorkbook(c.master, c.rollup, path, { config: c.config });
  return readFileSync(path);
}

function sheet(book: GridWorkbook, name: string): Grid {
  const g = book.sheets.find((s) => s.sheet === name);
  if (!g) throw new Error(`no sheet ${name}`);
  return g;
}

/** A summary table's rows by name: [problems?, measures, done, done_ongoing, in_progress, not_started, completed, rate, overdue]. */
function table(summary: Grid, heading: string): Map<string, number[]> {
  const start = summary.cells.findIndex((r) => r[0] === heading);
  const out = new Map<string, number[]>();
  for (const row of summary.cells.slice(start + 2)) {
    const name = row[0];
    if (typeof name !== 'string' || name === '') break;
    out.set(name, row.slice(1).map((v) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : Number.NaN)));
    if (name === '合计') break;
  }
  return out;
}

const rate = (x: number) => Math.round(x * 1e4) / 1e4;
/** The 已销号数 figure, a column only a master with a 销号情况 column has. */
const closedOf = (c: Case, f: { closed: number }) => (c.master.rows.some((r) => r.measure.closure) ? [f.closed] : []);

describeNeeding(SOFFICE, NEEDS.libreoffice)('the workbooks in a real spreadsheet engine (LibreOffice)', () => {
  let all: Case[];
  beforeAll(async () => {
    all = await cases();
  });

  it('recalculates the 汇总 sheet from its formulas alone to the rollup’s figures, for the sample, 20 units and the 305-measure master', async () => {
    for (const c of all) {
      const recalculated = await readWorkbookFile(convert(tempFile(`${c.name}.xlsx`, await withoutCachedResults(await written(c))), 'xlsx'));
      const summary = sheet(recalculated, '汇总');
      const r = c.rollup;
      const byCategory = table(summary, '按问题类别统计');
      for (const cat of r.byCategory) {
        expect(byCategory.get(cat.category), `${c.name}: ${cat.category}`).toEqual([
          cat.problems, cat.measures, cat.status.done, cat.status.done_ongoing, cat.status.in_progress, cat.status.not_started, cat.completed, rate(cat.completionRate), cat.overdue,
          ...closedOf(c, cat),
        ]);
      }
      const byUnit = table(summary, '按责任单位统计');
      for (const u of r.byUnit) {
        expect(byUnit.get(u.unit), `${c.name}: ${u.unit}`).toEqual([
          u.measures, u.status.done, u.status.done_ongoing, u.status.in_progress, u.status.not_started, u.completed, rate(u.completionRate), u.overdue,
          ...closedOf(c, u),
        ]);
      }
      expect(byUnit.get('合计'), `${c.name}: total`).toEqual([
        r.measures, r.status.done, r.status.done_ongoing, r.status.in_progress, r.status.not_started, r.completed, rate(r.completionRate), r.overdue,
        ...closedOf(c, r),
      ]);
      // The 逾期 sheet lists exactly the overdue measures.
      const overdue = sheet(recalculated, '逾期').cells.slice(2).filter((row) => typeof row[0] === 'number');
      expect(overdue, c.name).toHaveLength(r.overdue);
    }
  });

  describeNeeding(POPPLER, NEEDS.poppler)('printed to PDF', () => {
    beforeAll(() => {
      rmSync(ARTIFACTS, { recursive: true, force: true });
      mkdirSync(ARTIFACTS, { recursive: true });
    });

    it('prints every sheet with nothing cut off or printed over, its title and header on every page, page numbers at the foot', async () => {
      for (const c of all.filter((x) => x.name === 'sample' || x.name === 'master-305')) {
        const pdf = convert(tempFile(`${c.name}.xlsx`, await written(c)), 'pdf');
        const text = readPdf(pdf);
        const images = pageImages(pdf, ARTIFACTS, c.name);
        expect(images).toHaveLength(text.pages);
        if (c.name === 'master-305') console.log(`master-305: ${text.pages} pages printed; page images in ${ARTIFACTS}`);

        const squash = (s: string) => s.replace(/\s+/g, '');
        text.pageText.forEach((page, i) => {
          const where = `${c.name} page ${i + 1}`;
          const flat = squash(page);
          expect(flat, where).toMatch(/第\d+页，共\d+页/);
          // Each page is one sheet's, and carries that sheet's title and header.
          const ledger = flat.includes(squash(c.master.title)) && flat.includes('整改措施') && flat.includes('完成情况');
          const summary = flat.includes(squash(c.rollup.report));
          const overdue = flat.includes('逾期整改措施（截至') && flat.includes('逾期天数');
          expect([ledger, summary, overdue].filter(Boolean), where).toHaveLength(1);
        });

        // Nothing cut off: every problem and measure is printed in full (a row too short for its
        // wrapped text loses the lines that do not fit).
        const printed = squash(text.pageText.join(''));
        for (const row of c.master.rows) {
          for (const t of [row.measure.measure, row.measure.problem]) if (t) expect(printed, `${c.name}: ${t}`).toContain(squash(t));
        }
        for (const cat of c.rollup.byCategory) expect(printed, `${c.name}: ${cat.category}`).toContain(squash(cat.category));

        // Nothing printed over other text: no two words' boxes on a page overlap.
        expect(overprinted(text.words), c.name).toEqual([]);
      }
    });
  });
});

/** Pairs of words on one page whose boxes overlap by more than a sliver, as "page: a / b". */
function overprinted(words: PdfWord[]): string[] {
  const out: string[] = [];
  const byPage = new Map<number, PdfWord[]>();
  for (const w of words) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  for (const [page, list] of byPage) {
    const sorted = [...list].sort((a, b) => a.yMin - b.yMin);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!;
      for (let j = i + 1; j < sorted.length && sorted[j]!.yMin < a.yMax; j++) {
        const b = sorted[j]!;
        const w = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const h = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        if (w <= 0 || h <= 0) continue;
        const smaller = Math.min((a.xMax - a.xMin) * (a.yMax - a.yMin), (b.xMax - b.xMin) * (b.yMax - b.yMin));
        if (w * h > 0.25 * smaller) out.push(`page ${page}: ${a.text} / ${b.text}`);
      }
    }
  }
  return out.slice(0, 20);
}
