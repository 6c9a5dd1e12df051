// Points the manifest at a deployed service: every address in it moves to the given origin, paths
// kept, so one checked-in manifest.xml serves development (https://localhost:3000) and production.
import * as z from 'zod';
import { childElements, parseXml, serializeXml, textOf, walk, type XmlDocument, type XmlElement } from './xml';

export const PLACEHOLDER_CLIENT_ID = '00000000-0000-0000-0000-000000000000';

export class ManifestError extends Error {}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin the manifest should point at, from what the user typed. Office loads add-ins over
 * https only; plain http is let through for a local service, where a developer may front it with
 * a proxy of their own.
 */
export function parseOrigin(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ManifestError(
      `--url 不是有效的网址：${input}（应为 https://主机名[:端口]）\n` +
        `--url is not a valid address: ${input} (expected https://host[:port])`,
    );
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ManifestError(
      `--url 必须是 https 地址（只有 localhost 可以用 http）：${input}\n` +
        `--url must be an https address (http is allowed for localhost only): ${input}`,
    );
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new ManifestError(
      `--url 只能是站点根地址，不带路径、参数或用户名：${input}（例如 https://ledger.example.edu.cn）\n` +
        `--url must be a bare origin, without path, query or user name: ${input} (e.g. https://ledger.example.edu.cn)`,
    );
  }
  return url;
}

export const clientIdSchema = z.guid({
  error: (issue) =>
    `--client-id 应为 GUID（如 ${PLACEHOLDER_CLIENT_ID}），收到：${String(issue.input)}\n` +
    `--client-id must be a GUID (like ${PLACEHOLDER_CLIENT_ID}), got: ${String(issue.input)}`,
});

export interface RewriteOptions {
  origin: URL;
  /** The Entra ID application (client) id for WebApplicationInfo; left as it is when absent. */
  clientId?: string;
}

export interface RewriteResult {
  xml: string;
  /** How many addresses were moved to the new origin. */
  rewritten: number;
}

// Scheme and authority of an absolute address; the rest (path, query, fragment) is kept verbatim.
const WEB_ORIGIN = /^https?:\/\/[^/?#\s]*/;
// The Entra ID application ID URI in WebApplicationInfo/Resource: api://host[:port]/client-id.
const API_ORIGIN = /^api:\/\/[^/?#\s]*/;

// Where the manifest schema holds addresses: the DefaultValue of these locale-aware settings and
// resources (and the Value of their locale overrides), AppDomain text and the application ID URI.
// Namespace declarations look like addresses too, which is why this is not a blind scan.
const URL_SETTINGS = new Set(['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'Image', 'Url']);

export function rewriteManifest(xml: string, options: RewriteOptions): RewriteResult {
  const doc = parseXml(xml, 'manifest.xml');
  if (doc.root.local !== 'OfficeApp') {
    throw new ManifestError(
      `manifest.xml 的根元素应为 OfficeApp，实际是 ${doc.root.name}\n` +
        `manifest.xml: the root element should be OfficeApp, found ${doc.root.name}`,
    );
  }
  let rewritten = 0;
  const move = (value: string, pattern: RegExp, origin: string, where: string): string => {
    // Matched on the trimmed value so that an element's indentation survives.
    const match = pattern.exec(value.trim());
    if (!match) {
      throw new ManifestError(
        `manifest.xml 中 ${where} 不是绝对地址：${value.trim()}\n` +
          `manifest.xml: ${where} is not an absolute address: ${value.trim()}`,
      );
    }
    rewritten += 1;
    return value.replace(match[0], origin);
  };
  const web = options.origin.origin;
  const api = `api://${options.origin.host}`;

  for (const { element, ancestors } of walk(doc.root)) {
    const parent = ancestors.at(-1);
    const setting = URL_SETTINGS.has(element.local)
      ? 'DefaultValue'
      : element.local === 'Override' && parent && URL_SETTINGS.has(parent.local)
        ? 'Value'
        : null;
    for (const attr of element.attributes) {
      if (attr.name === setting) attr.value = move(attr.value, WEB_ORIGIN, web, `${element.name}/@${attr.name}`);
    }
    const text =
      element.local === 'AppDomain'
        ? { pattern: WEB_ORIGIN, origin: web }
        : element.local === 'Resource' && parent?.local === 'WebApplicationInfo'
          ? { pattern: API_ORIGIN, origin: api }
          : null;
    if (text) {
      for (const child of element.children) {
        if (child.kind === 'text' && child.value.trim()) {
          child.value = move(child.value, text.pattern, text.origin, element.name);
        }
      }
    }
  }
  if (options.clientId !== undefined) setClientId(doc, options.clientId);
  markGenerated(doc);
  return { xml: serializeXml(doc), rewritten };
}

function setClientId(doc: XmlDocument, clientId: string): void {
  const info = [...walk(doc.root)].find(({ element }) => element.local === 'WebApplicationInfo')?.element;
  const id = info && childElements(info).find((e) => e.local === 'Id');
  const resource = info && childElements(info).find((e) => e.local === 'Resource');
  if (!id || !resource) {
    throw new ManifestError(
      'manifest.xml 缺少 WebApplicationInfo（Id、Resource），无法设置 --client-id\n' +
        'manifest.xml has no WebApplicationInfo (Id, Resource) to set --client-id in',
    );
  }
  const previous = textOf(id).trim();
  replaceText(id, clientId);
  // The application ID URI ends in the client id; keep the two in step.
  const uri = textOf(resource).trim();
  replaceText(resource, previous && uri.endsWith(`/${previous}`) ? uri.slice(0, -previous.length) + clientId : uri);
}

function replaceText(element: XmlElement, value: string): void {
  element.children = [{ kind: 'text', value }];
  element.selfClosing = false;
}

// The checked-in manifest's leading comment explains the localhost placeholders; a written copy
// says where it came from instead, so nobody edits it by hand and loses the change next time.
// (The origin is left out of the note: an IDN host's "xn--" would end an XML comment.)
function markGenerated(doc: XmlDocument): void {
  const note =
    ' 由 npm run manifest 从 manifest.xml 生成：请修改 manifest.xml 后重新生成。\n' +
    '     Generated by npm run manifest from manifest.xml: edit manifest.xml and regenerate. ';
  doc.nodes = [
    { kind: 'text', value: '\n' },
    { kind: 'comment', value: note },
    { kind: 'text', value: '\n' },
    ...doc.nodes.slice(doc.nodes.indexOf(doc.root)),
  ];
}
