// Development helpers for the simulated-Excel playground: only mounted with `ledger serve --dev`
// (and in tests). They read workbooks for a browser that has no Excel to read them.
import { PROJECT_ROOT } from '../paths';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { WorkbookReadError } from '../xlsx/errors';
import { readWorkbookWithFormats } from '../xlsx/read';
import { errorJson } from './errors';

const SAMPLE = resolve(PROJECT_ROOT, '../shared/samples/sample-unit-ledger.xlsx');

export function devRoutes() {
  const dev = new Hono();
  /** An uploaded xlsx (raw body) as the grid the add-in would read from Excel, with its cells' number formats. */
  dev.post('/grid', bodyLimit({ maxSize: 32 * 1024 * 1024 }), async (c) => {
    const name = c.req.query('name') ?? 'workbook.xlsx';
    try {
      return c.json(await readWorkbookWithFormats(Buffer.from(await c.req.arrayBuffer()), name));
    } catch (e) {
      if (e instanceof WorkbookReadError) return errorJson(c, 422, e.code, e.message, e.messageEn);
      throw e;
    }
  });
  dev.get('/sample.xlsx', async (c) => {
    if (!existsSync(SAMPLE)) return errorJson(c, 404, 'not_found', '没有示例台账', 'No sample ledger here');
    return c.body(await readFile(SAMPLE), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });
  return dev;
}
