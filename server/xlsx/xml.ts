// A streaming tokenizer for the few SpreadsheetML parts the reader needs. It is fed decoded text in
// pieces of any size (a piece may end in the middle of a tag or an entity) and reports tags and raw
// text; handlers decode text once a value is complete. Element names lose their namespace prefix
// ("x:c" is "c"), as some generators prefix every element. A DOCTYPE is refused: no workbook needs
// one, and it is how entity-expansion attacks start.

export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text: entities not yet decoded. One value may arrive in several pieces. */
  text(raw: string): void;
}

export class XmlSyntaxError extends Error {}

export class XmlTokenizer {
  private buf = '';

  constructor(
    private readonly handler: XmlHandler,
    /** The longest tag, comment or CDATA section accepted, in characters. */
    private readonly maxToken = 8 * 1024 * 1024,
  ) {}

  write(piece: string): void {
    this.buf = this.buf.length ? this.buf + piece : piece;
    this.drain();
    if (this.buf.length > this.maxToken) throw new XmlSyntaxError('an XML tag is too long');
  }

  end(): void {
    this.drain();
    if (this.buf.trim() !== '') throw new XmlSyntaxError('the XML ends in the middle of a tag');
  }

  private drain(): void {
    const s = this.buf;
    const h = this.handler;
    let pos = 0;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt === -1) {
        if (pos < s.length) h.text(s.slice(pos));
        pos = s.length;
        break;
      }
      if (lt > pos) h.text(s.slice(pos, lt));
      pos = lt;
      const next = s.charCodeAt(lt + 1);
      if (next === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end === -1) break;
          pos = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end === -1) break;
          // Handlers decode entities later; CDATA has none, so protect its ampersands.
          h.text(s.slice(lt + 9, end).replace(/&/g, '&amp;'));
          pos = end + 3;
        } else if (lt + 9 <= s.length) {
          throw new XmlSyntaxError('DOCTYPE declarations are not accepted');
        } else {
          break;
        }
      } else if (next === 63 /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end === -1) break;
        pos = end + 2;
      } else if (Number.isNaN(next)) {
        break;
      } else {
        const gt = tagEnd(s, lt + 1);
        if (gt === -1) break;
        pos = gt + 1;
        if (next === 47 /* / */) {
          h.close(localName(s.slice(lt + 2, gt).trim()));
          continue;
        }
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const inner = s.slice(lt + 1, selfClosing ? gt - 1 : gt);
        const ws = inner.search(/\s/);
        const name = ws === -1 ? inner : inner.slice(0, ws);
        h.open(localName(name), ws === -1 ? '' : inner.slice(ws), selfClosing);
      }
    }
    this.buf = pos >= s.length ? '' : s.slice(pos);
  }
}

/** Index of the `>` closing a tag, skipping any inside quoted attribute values; -1 if not yet seen. */
function tagEnd(s: string, from: number): number {
  let quote = 0;
  for (let i = from; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) {
      quote = ch;
    } else if (ch === 62) {
      return i;
    }
  }
  return -1;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Attributes by their full name ("r:id" keeps its prefix), values decoded. Runs once per cell: kept to plain scanning. */
export function parseAttrs(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = attrs.length;
  let i = 0;
  while (i < n) {
    const eq = attrs.indexOf('=', i);
    if (eq === -1) break;
    let q = eq + 1;
    while (q < n && attrs.charCodeAt(q) <= 32) q++;
    const quote = attrs[q];
    if (quote !== '"' && quote !== "'") break;
    const end = attrs.indexOf(quote, q + 1);
    if (end === -1) break;
    out[attrs.slice(i, eq).trim()] = decodeXml(attrs.slice(q + 1, end));
    i = end + 1;
  }
  return out;
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named]!;
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Text as a cell holds it: XML entities decoded, then the OOXML `_xHHHH_` escapes Excel uses for
 * characters XML cannot carry (a carriage return is stored as `_x000D_`).
 */
export function decodeText(raw: string): string {
  const s = decodeXml(raw);
  if (s.indexOf('_x') === -1) return s;
  return s.replace(OOXML_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
