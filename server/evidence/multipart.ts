// The file parts of a multipart/form-data body (RFC 7578), found in place: the file is a view of the
// body, never copied. (Parsed by the web Response instead, a 20 MB upload held the request thread for
// a quarter of a second and twice its size in memory.) Names come as browsers send them (UTF-8, with
// " and line breaks percent-encoded per the HTML standard), as curl sends them (backslash escapes),
// or as filename*=UTF-8''… (RFC 5987).

export interface FilePart {
  /** The form field's name. */
  field: string;
  fileName: string;
  bytes: Uint8Array;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const utf8 = new TextDecoder();

/** The boundary of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** A header parameter's value (quoted or token), unescaped; undefined when absent. */
function param(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]+))`, 'i').exec(header);
  if (!m) return undefined;
  if (m[2] !== undefined) return m[2];
  return m[1]!.replace(/\\(.)/g, '$1').replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

function fileNameOf(disposition: string): string | undefined {
  const extended = param(disposition, 'filename\\*');
  const m = extended && /^UTF-8'[^']*'(.*)$/i.exec(extended);
  if (m) {
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      // A broken extended name: the plain one, if any, stands.
    }
  }
  return param(disposition, 'filename');
}

/** The parts of the body that carry a file (a filename); undefined when the body is not well-formed multipart. */
export function fileParts(body: Uint8Array, boundary: string): FilePart[] | undefined {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first boundary opens the body (no line break before it), or follows a preamble.
  const opening = delimiter.subarray(2);
  let at: number;
  if (buf.subarray(0, opening.length).equals(opening)) at = opening.length;
  else {
    const first = buf.indexOf(delimiter);
    if (first < 0) return undefined;
    at = first + delimiter.length;
  }
  const parts: FilePart[] = [];
  for (;;) {
    // After a boundary: "--" closes the body, a line break opens a part.
    if (buf[at] === 0x2d && buf[at + 1] === 0x2d) return parts;
    if (buf[at] !== 0x0d || buf[at + 1] !== 0x0a) return undefined;
    const headersEnd = buf.indexOf(CRLF_CRLF, at);
    const end = headersEnd < 0 ? -1 : buf.indexOf(delimiter, headersEnd + 4);
    if (end < 0) return undefined;
    const headers = utf8.decode(buf.subarray(at + 2, headersEnd));
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const field = param(disposition, 'name');
    const fileName = fileNameOf(disposition);
    if (field !== undefined && fileName !== undefined) parts.push({ field, fileName, bytes: body.subarray(headersEnd + 4, end) });
    at = end + delimiter.length;
  }
}
