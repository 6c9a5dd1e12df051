// The office page's script and styles reach a browser compressed when it takes brotli or gzip: the
// script is mostly ECharts, and an office on a slow link waits for every byte of it.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/serve';

interface Raw {
  status: number;
  encoding: string | undefined;
  vary: string | undefined;
  body: Buffer;
}

function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the office page over the wire', () => {
  let srv: RunningServer;
  const script = () => readFileSync(resolve(import.meta.dirname, '../../server/web/dist/office.js'));

  beforeAll(async () => {
    srv = await startServer({ port: 0, host: '127.0.0.1', store: { kind: 'sqlite', file: ':memory:' } });
  }, 120_000);
  afterAll(async () => {
    await srv?.close();
  });

  it('sends the script brotli-compressed to a browser that takes it, under a third of its size, the same script once decoded', async () => {
    const res = await get(`${srv.url}/web/office.js`, 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.encoding).toBe('br');
    expect(res.vary).toMatch(/accept-encoding/i);
    expect(res.body.length).toBeLessThan(script().length / 3);
    expect(brotliDecompressSync(res.body).equals(script())).toBe(true);
  });

  it('sends gzip to one that takes only gzip, and the plain file to one that takes neither', async () => {
    const gz = await get(`${srv.url}/web/office.js`, 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).equals(script())).toBe(true);
    const plain = await get(`${srv.url}/web/office.js`);
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.equals(script())).toBe(true);
  });
});
