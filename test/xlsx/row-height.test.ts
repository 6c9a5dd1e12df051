// Long texts get rows tall enough to read them in every spreadsheet program, not only in Excel.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { CampaignConfig, type Measure } from '../../ledger';
import { masterOf } from '../support/master';
import { linesNeeded } from '../../server/xlsx/master-layout';
import { writeMasterWorkbook } from '../../server/xlsx/write-master';

describe('row heights of the master ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rows-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts Chinese characters as two widths and its own line breaks', () => {
    expect(linesNeeded('整顿会风', 14)).toBe(1);
    expect(linesNeeded('建立会议文件审核和督办台账，每月通报落实情况', 14)).toBe(4);
    expect(linesNeeded('第一行\n第二行', 40)).toBe(2);
    expect(linesNeeded(12.5, 4)).toBe(1);
  });

  it('makes a row with a long measure taller and leaves short rows at the default height', async () => {
    const long = '制定专项整改方案，明确责任分工和时间节点，建立工作台账，每月召开推进会，定期通报整改进展情况，对整改不力的单位进行约谈';
    const rows: Measure[] = [
      { category: '作风建设', problem: '会风不严', measure: '整顿会风', unit: '机关党委', status: 'done', extras: {} },
      { category: '作风建设', problem: '督办不力', measure: long, unit: '党委办公室', status: 'in_progress', extras: {} },
    ];
    const config = CampaignConfig.parse({});
    const { master, rollup } = masterOf(rows, { asOf: '2018-09-10', config, title: '整改台账', source: { file: 't', sheet: 's' } });
    const out = join(dir, 'm.xlsx');
    await writeMasterWorkbook(master, rollup, out, { config });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('整改台账')!;
    const rowOf = (text: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => r.values && (r.values as unknown[]).includes(text) && (found = r));
      return found!;
    };
    expect(rowOf('整顿会风').height ?? 15).toBeLessThanOrEqual(15);
    expect(rowOf(long).height).toBeGreaterThanOrEqual(3 * 15);
  });
});
