// A small document tree over saxes, so the manifest can be read, changed and written back with
// nothing altered but what was changed: white space, comments, attribute order and self-closing
// tags all survive a round trip.
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlAttribute {
  /** Qualified name as written, e.g. "xsi:type". */
  name: string;
  local: string;
  uri: string;
  value: string;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  local: string;
  uri: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  selfClosing: boolean;
}

export type XmlNode =
  | XmlElement
  | { kind: 'text'; value: string }
  | { kind: 'cdata'; value: string }
  | { kind: 'comment'; value: string };

export interface XmlDocument {
  declaration: { version: string; encoding?: string; standalone?: string } | null;
  /** Top-level nodes in file order: comments and white space around the root, and the root. */
  nodes: XmlNode[];
  root: XmlElement;
}

export class XmlError extends Error {}

export function parseXml(text: string, fileName: string): XmlDocument {
  const parser = new SaxesParser({ xmlns: true, fileName });
  let declaration: XmlDocument['declaration'] = null;
  const nodes: XmlNode[] = [];
  const open: XmlElement[] = [];
  let root: XmlElement | null = null;
  const append = (node: XmlNode): void => {
    const parent = open.at(-1);
    if (parent) parent.children.push(node);
    else nodes.push(node);
  };

  parser.on('xmldecl', (decl) => {
    declaration = {
      version: decl.version ?? '1.0',
      ...(decl.encoding === undefined ? {} : { encoding: decl.encoding }),
      ...(decl.standalone === undefined ? {} : { standalone: decl.standalone }),
    };
  });
  parser.on('doctype', () => {
    // A manifest never needs one, and entity declarations are how expansion attacks start.
    throw new XmlError(`${fileName}: 不接受 DOCTYPE 声明 / DOCTYPE declarations are not accepted`);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element: XmlElement = {
      kind: 'element',
      name: tag.name,
      local: tag.local,
      uri: tag.uri,
      attributes: Object.values(tag.attributes).map((a) => ({
        name: a.name,
        local: a.local,
        uri: a.uri,
        value: a.value,
      })),
      children: [],
      selfClosing: tag.isSelfClosing,
    };
    append(element);
    if (open.length === 0) root = element;
    open.push(element);
  });
  parser.on('closetag', () => {
    open.pop();
  });
  parser.on('text', (value) => append({ kind: 'text', value }));
  parser.on('cdata', (value) => append({ kind: 'cdata', value }));
  parser.on('comment', (value) => append({ kind: 'comment', value }));

  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof XmlError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new XmlError(`XML 格式错误 / malformed XML: ${message}`);
  }
  if (!root) throw new XmlError(`${fileName}: 没有根元素 / no root element`);
  return { declaration, nodes, root };
}

export function serializeXml(doc: XmlDocument): string {
  let out = '';
  if (doc.declaration) {
    const d = doc.declaration;
    out += `<?xml version="${d.version}"`;
    if (d.encoding !== undefined) out += ` encoding="${d.encoding}"`;
    if (d.standalone !== undefined) out += ` standalone="${d.standalone}"`;
    out += '?>';
  }
  for (const node of doc.nodes) out += serializeNode(node);
  return out;
}

function serializeNode(node: XmlNode): string {
  switch (node.kind) {
    case 'text':
      return escapeText(node.value);
    case 'cdata':
      return `<![CDATA[${node.value}]]>`;
    case 'comment':
      return `<!--${node.value}-->`;
    case 'element': {
      const attrs = node.attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
      if (node.selfClosing && node.children.length === 0) return `<${node.name}${attrs}/>`;
      return `<${node.name}${attrs}>${node.children.map(serializeNode).join('')}</${node.name}>`;
    }
  }
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.kind === 'element');
}

/** The element's text content (its direct text and CDATA children). */
export function textOf(element: XmlElement): string {
  return element.children
    .map((c) => (c.kind === 'text' || c.kind === 'cdata' ? c.value : ''))
    .join('');
}

export function attribute(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((a) => a.name === name)?.value;
}

/** Every element of the tree, depth first, with its chain of ancestors (outermost first). */
export function* walk(
  element: XmlElement,
  ancestors: XmlElement[] = [],
): Generator<{ element: XmlElement; ancestors: XmlElement[] }> {
  yield { element, ancestors };
  for (const child of childElements(element)) yield* walk(child, [...ancestors, element]);
}
