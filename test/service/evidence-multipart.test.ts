// The file of an upload found in the multipart body as browsers, the task pane and curl send it:
// names in Chinese, with quotes and line breaks, in RFC 5987 form; other fields beside it; and a body
// that is cut off or not multipart at all refused.
import { describe, expect, it } from 'vitest';
import { boundaryOf, fileParts } from '../../server/evidence/multipart';

/** A body as the browser's fetch encodes a FormData, and its boundary. */
async function browserBody(form: FormData): Promise<{ body: Uint8Array; boundary: string }> {
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: new Uint8Array(await req.arrayBuffer()), boundary: boundaryOf(req.headers.get('content-type')!)! };
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('multipart upload bodies', () => {
  it("finds the file a browser sends, under its own name, beside the form's other fields", async () => {
    const form = new FormData();
    form.append('note', '补充材料');
    form.append('file', new Blob(['第一行\r\n--不是分隔线\r\n']), '关于“学习计划” "定稿"\n.pdf');
    const { body, boundary } = await browserBody(form);
    const parts = fileParts(body, boundary)!;
    expect(parts.map((p) => [p.field, p.fileName, text(p.bytes)])).toEqual([['file', '关于“学习计划” "定稿"\n.pdf', '第一行\r\n--不是分隔线\r\n']]);
  });

  it('reads names as curl and other clients write them, and a preamble before the first part', () => {
    const boundary = '----curl7f3a';
    const body = Buffer.from(
      'preamble\r\n' +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="会议 \\"纪要\\".docx"\r\nContent-Type: application/octet-stream\r\n\r\nABC\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name=other; filename="x"; filename*=UTF-8''%E6%95%B4%E6%94%B9.pdf\r\n\r\nDEF\r\n` +
        `--${boundary}--\r\n`,
    );
    expect(boundaryOf(`multipart/form-data; boundary="${boundary}"`)).toBe(boundary);
    const parts = fileParts(body, boundary)!;
    expect(parts.map((p) => [p.field, p.fileName, text(p.bytes)])).toEqual([
      ['file', '会议 "纪要".docx', 'ABC'],
      ['other', '整改.pdf', 'DEF'],
    ]);
  });

  it('refuses a body cut off before its closing boundary, or with another boundary', async () => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4']), '整改通知.pdf');
    const { body, boundary } = await browserBody(form);
    expect(fileParts(body.subarray(0, body.length - 30), boundary)).toBeUndefined();
    expect(fileParts(body, 'another-boundary')).toBeUndefined();
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });
});
