// The add-in manifest against the OfficeApp 1.1 / TaskPaneAppVersionOverrides 1.0 schemas (element
// order, references, string lengths, locales), its icons, and the script that points it at a server.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { iconPng, ICON_SIZES, isIconSize, type IconSize } from '../../addin/manifest/icons';
import { ManifestError, parseOrigin, PLACEHOLDER_CLIENT_ID, rewriteManifest } from '../../addin/manifest/rewrite';
import {
  attribute,
  childElements,
  parseXml,
  serializeXml,
  textOf,
  walk,
  XmlError,
  type XmlElement,
} from '../../addin/manifest/xml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MANIFEST = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
const PROD = 'https://ledger.example.edu.cn';

const NS = {
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  ov: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xmlns: 'http://www.w3.org/2000/xmlns/',
};

// Child sequences as the XSDs define them (OfficeAppManifestV1_1.xsd, TaskPaneAppVersionOverridesV1_0.xsd,
// OfficeAppBasicTypesV1_0.xsd): children must appear in this order; optional ones may be left out.
const OFFICE_APP_ORDER = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
  'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
  'Dictionary', 'VersionOverrides',
];
const OFFICE_APP_REQUIRED = OFFICE_APP_ORDER.filter((n) => n !== 'AlternateId' && n !== 'Dictionary');
const SEQUENCES: Record<string, { order: string[]; required: string[] }> = {
  VersionOverrides: {
    order: ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins'],
    required: ['Hosts', 'Resources', 'WebApplicationInfo'],
  },
  DesktopFormFactor: { order: ['GetStarted', 'FunctionFile', 'ExtensionPoint'], required: ['ExtensionPoint'] },
  GetStarted: { order: ['Title', 'Description', 'LearnMoreUrl'], required: ['Title', 'Description', 'LearnMoreUrl'] },
  ExtensionPoint: { order: ['OfficeTab', 'CustomTab'], required: [] },
  Group: { order: ['Label', 'Icon', 'Control'], required: ['Label', 'Icon', 'Control'] },
  Control: { order: ['Label', 'Supertip', 'Icon', 'Action'], required: ['Label', 'Supertip', 'Icon', 'Action'] },
  Supertip: { order: ['Title', 'Description'], required: ['Title', 'Description'] },
  Action: { order: ['TaskpaneId', 'SourceLocation', 'Title'], required: ['SourceLocation'] },
  Resources: { order: ['Images', 'Urls', 'ShortStrings', 'LongStrings'], required: ['Images', 'Urls', 'ShortStrings', 'LongStrings'] },
  WebApplicationInfo: {
    order: ['Id', 'MsaId', 'Resource', 'Scopes', 'Authorizations'],
    required: ['Id', 'Resource', 'Scopes'],
  },
  Requirements: { order: ['Sets', 'Methods'], required: ['Sets'] },
};

function expectSequence(parent: XmlElement, order: string[], required: string[]): void {
  const names = childElements(parent).map((c) => c.local);
  const where = `<${parent.name}> children ${names.join(', ')}`;
  for (const name of names) expect(order, `${where}: ${name} is not allowed`).toContain(name);
  const positions = names.map((n) => order.indexOf(n));
  expect(positions, `${where}: out of schema order`).toEqual([...positions].sort((a, b) => a - b));
  for (const name of required) expect(names, `${where}: ${name} is required`).toContain(name);
}

function child(parent: XmlElement, local: string): XmlElement {
  const found = childElements(parent).find((c) => c.local === local);
  if (!found) throw new Error(`<${parent.name}> has no <${local}>`);
  return found;
}

function descendants(root: XmlElement, local: string): XmlElement[] {
  return [...walk(root)].filter(({ element }) => element.local === local).map(({ element }) => element);
}

function xsiType(element: XmlElement): string | undefined {
  return element.attributes.find((a) => a.uri === NS.xsi && a.local === 'type')?.value;
}

const URL_SETTINGS = ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'Image', 'Url'];

/** Every address in the manifest, found by where the schema puts them. */
function manifestUrls(root: XmlElement): string[] {
  const urls: string[] = [];
  for (const { element, ancestors } of walk(root)) {
    const parent = ancestors.at(-1);
    const defaultValue = attribute(element, 'DefaultValue');
    if (URL_SETTINGS.includes(element.local) && defaultValue !== undefined) urls.push(defaultValue);
    if (element.local === 'Override' && parent && URL_SETTINGS.includes(parent.local)) {
      urls.push(attribute(element, 'Value') ?? '');
    }
    if (element.local === 'AppDomain') urls.push(textOf(element).trim());
    if (element.local === 'Resource' && parent?.local === 'WebApplicationInfo') urls.push(textOf(element).trim());
  }
  return urls;
}

/** Every value anywhere that looks like an address, namespace declarations aside. */
function everythingUrlLike(root: XmlElement): string[] {
  const found: string[] = [];
  for (const { element } of walk(root)) {
    for (const a of element.attributes) if (a.uri !== NS.xmlns && a.value.includes('://')) found.push(a.value);
    const text = textOf(element).trim();
    if (text.includes('://')) found.push(text);
  }
  return found;
}

const doc = parseXml(MANIFEST, 'manifest.xml');
const app = doc.root;
const overrides = child(app, 'VersionOverrides');
const resources = child(overrides, 'Resources');

function resourceIds(collection: string): Map<string, XmlElement> {
  return new Map(childElements(child(resources, collection)).map((e) => [attribute(e, 'id') ?? '', e]));
}

describe('manifest.xml follows the OfficeApp 1.1 task pane schema', () => {
  it('is a TaskPaneApp in the 1.1 namespace, not a unified JSON manifest', () => {
    expect(app.local).toBe('OfficeApp');
    expect(app.uri).toBe(NS.app);
    expect(xsiType(app)).toBe('TaskPaneApp');
    expect(overrides.uri).toBe(NS.ov);
    expect(xsiType(overrides)).toBe('VersionOverridesV1_0');
  });

  it('has every top-level element, in the schema order', () => {
    expectSequence(app, OFFICE_APP_ORDER, OFFICE_APP_REQUIRED);
    expect(childElements(app).map((c) => c.local)).toEqual(OFFICE_APP_REQUIRED);
  });

  it('orders the children of every VersionOverrides element as the schema does', () => {
    let checked = 0;
    for (const { element } of walk(overrides)) {
      const sequence = SEQUENCES[element.local];
      // Description/Title etc. inside resources are leaves; only containers have sequences here.
      if (sequence && childElements(element).length > 0) {
        expectSequence(element, sequence.order, sequence.required);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
    expectSequence(child(app, 'Requirements'), SEQUENCES.Requirements!.order, SEQUENCES.Requirements!.required);
  });

  it('has a fixed GUID Id, a four-part version and zh-CN as the default locale', () => {
    expect(textOf(child(app, 'Id'))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(textOf(child(app, 'Id'))).not.toBe(PLACEHOLDER_CLIENT_ID);
    expect(textOf(child(app, 'Version'))).toMatch(/^\d{1,5}(\.\d{1,5}){0,3}$/);
    expect(textOf(child(app, 'ProviderName')).length).toBeGreaterThan(0);
    expect(textOf(child(app, 'DefaultLocale'))).toBe('zh-CN');
    expect(textOf(child(app, 'Permissions'))).toBe('ReadWriteDocument');
  });

  it('runs in Excel (Workbook) and asks for ExcelApi 1.7 only, so Office 2019 can load it', () => {
    expect(childElements(child(app, 'Hosts')).map((h) => attribute(h, 'Name'))).toEqual(['Workbook']);
    const sets = childElements(child(child(app, 'Requirements'), 'Sets'));
    expect(sets.map((s) => [attribute(s, 'Name'), attribute(s, 'MinVersion')])).toEqual([['ExcelApi', '1.7']]);
    const hosts = childElements(child(overrides, 'Hosts'));
    expect(hosts.map(xsiType)).toEqual(['Workbook']);
  });

  it('puts a button on the Home tab that opens the task pane', () => {
    const point = descendants(overrides, 'ExtensionPoint');
    expect(point.map(xsiType)).toEqual(['PrimaryCommandSurface']);
    const tab = child(point[0]!, 'OfficeTab');
    expect(attribute(tab, 'id')).toBe('TabHome');
    const group = child(tab, 'Group');
    const shortStrings = resourceIds('ShortStrings');
    expect(attribute(shortStrings.get(attribute(child(group, 'Label'), 'resid') ?? '')!, 'DefaultValue')).toBe('整改台账');
    const control = child(group, 'Control');
    expect(xsiType(control)).toBe('Button');
    const action = child(control, 'Action');
    expect(xsiType(action)).toBe('ShowTaskpane');
    const pane = resourceIds('Urls').get(attribute(child(action, 'SourceLocation'), 'resid') ?? '');
    expect(attribute(pane!, 'DefaultValue')).toBe(attribute(child(child(app, 'DefaultSettings'), 'SourceLocation'), 'DefaultValue'));
    const ids = [...walk(overrides)].map(({ element }) => element).filter((e) => e.local === 'Group' || e.local === 'Control');
    expect(new Set(ids.map((e) => attribute(e, 'id'))).size).toBe(ids.length);
  });

  it('defines every resid it references, in the right collection, and nothing unused', () => {
    const collectionOf: Record<string, string> = {
      Image: 'Images',
      SourceLocation: 'Urls',
      LearnMoreUrl: 'Urls',
      FunctionFile: 'Urls',
      Label: 'ShortStrings',
      Title: 'ShortStrings',
      Description: 'LongStrings',
    };
    const used = new Set<string>();
    for (const { element } of walk(child(overrides, 'Hosts'))) {
      const resid = attribute(element, 'resid');
      if (resid === undefined) continue;
      const collection = collectionOf[element.local];
      expect(collection, `<${element.name} resid="${resid}">`).toBeDefined();
      expect([...resourceIds(collection!).keys()], `<${element.name} resid="${resid}"> in ${collection}`).toContain(resid);
      expect(resid.length).toBeLessThanOrEqual(32);
      used.add(`${collection}/${resid}`);
    }
    for (const collection of ['Images', 'Urls', 'ShortStrings', 'LongStrings']) {
      for (const id of resourceIds(collection).keys()) expect(used, `${collection}/${id} is never used`).toContain(`${collection}/${id}`);
      expect(child(resources, collection).uri).toBe(NS.bt);
    }
  });

  it('gives every string a Chinese default and an English override, within the schema lengths', () => {
    const han = /\p{Script=Han}/u;
    const strings: Array<{ element: XmlElement; max: number }> = [
      { element: child(app, 'DisplayName'), max: 125 },
      { element: child(app, 'Description'), max: 250 },
      ...childElements(child(resources, 'ShortStrings')).map((element) => ({ element, max: 125 })),
      ...childElements(child(resources, 'LongStrings')).map((element) => ({ element, max: 250 })),
    ];
    expect(strings.length).toBeGreaterThanOrEqual(8);
    for (const { element, max } of strings) {
      const id = attribute(element, 'id') ?? element.local;
      const zh = attribute(element, 'DefaultValue') ?? '';
      const overridesOf = childElements(element).filter((o) => o.local === 'Override');
      expect(overridesOf.map((o) => attribute(o, 'Locale')), id).toEqual(['en-US']);
      const en = attribute(overridesOf[0]!, 'Value') ?? '';
      expect(zh, `${id} default`).toMatch(han);
      expect(en, `${id} en-US`).not.toMatch(han);
      expect(en.length, `${id} en-US`).toBeGreaterThan(0);
      expect(zh.length, `${id} default`).toBeLessThanOrEqual(max);
      expect(en.length, `${id} en-US`).toBeLessThanOrEqual(max);
    }
    expect(attribute(child(app, 'DisplayName'), 'DefaultValue')).toBe('整改台账');
    expect(attribute(childElements(child(app, 'DisplayName'))[0]!, 'Value')).toBe('Rectification Ledger');
  });

  it('uses https for every address, and finds every address by schema position', () => {
    const urls = manifestUrls(app);
    expect(urls).toHaveLength(12);
    expect(everythingUrlLike(app).sort()).toEqual([...urls].sort());
    for (const url of urls) expect(url).toMatch(/^(https|api):\/\/localhost:3000(\/|$)/);
    expect(MANIFEST).not.toContain('http://localhost');
  });

  it('declares WebApplicationInfo for single sign-on with the placeholder client id', () => {
    const info = child(overrides, 'WebApplicationInfo');
    expect(textOf(child(info, 'Id'))).toBe(PLACEHOLDER_CLIENT_ID);
    expect(textOf(child(info, 'Resource'))).toBe(`api://localhost:3000/${PLACEHOLDER_CLIENT_ID}`);
    expect(childElements(child(info, 'Scopes')).map(textOf)).toEqual(['openid', 'profile']);
  });
});

interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  pixels: Buffer;
}

function decodePng(png: Buffer): DecodedPng {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(chunks[1]!.data);
  expect(raw.length).toBe(height * (width * 4 + 1));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)], 'filter type').toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, bitDepth: ihdr[8]!, colourType: ihdr[9]!, pixels };
}

describe('icons', () => {
  it('serves every icon size the manifest refers to, at the size it claims', () => {
    const images = resourceIds('Images');
    const referenced = new Set<IconSize>();
    const sizeOfUrl = (url: string): number => {
      const match = /\/addin\/assets\/icon-(\d+)\.png$/.exec(new URL(url).pathname);
      expect(match, url).not.toBeNull();
      const size = Number(match![1]);
      expect(isIconSize(size), url).toBe(true);
      if (isIconSize(size)) referenced.add(size);
      return size;
    };
    for (const ref of descendants(overrides, 'Image').filter((e) => attribute(e, 'size') !== undefined)) {
      const image = images.get(attribute(ref, 'resid') ?? '');
      expect(sizeOfUrl(attribute(image!, 'DefaultValue') ?? '')).toBe(Number(attribute(ref, 'size')));
    }
    expect(new Set(descendants(overrides, 'Image').map((e) => attribute(e, 'size')).filter(Boolean))).toEqual(
      new Set(['16', '32', '80']),
    );
    expect(sizeOfUrl(attribute(child(app, 'IconUrl'), 'DefaultValue') ?? '')).toBe(32);
    expect(sizeOfUrl(attribute(child(app, 'HighResolutionIconUrl'), 'DefaultValue') ?? '')).toBe(64);
    for (const size of referenced) expect(ICON_SIZES).toContain(size);
  });

  it.each([...ICON_SIZES])('icon-%i.png is a valid RGBA PNG of that size with the red tile and white sheet', (size) => {
    const png = decodePng(iconPng(size));
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([size, size, 8, 6]);
    const at = (x: number, y: number): number[] => [...png.pixels.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(at(0, 0)[3], 'corner outside the rounded tile').toBeLessThan(128);
    expect(at(Math.floor(size * 0.1), Math.floor(size / 2)), 'tile edge').toEqual([0xa3, 0x1f, 0x24, 255]);
    const opaque = (test: (p: number[]) => boolean): number =>
      Array.from({ length: size * size }, (_, i) => at(i % size, Math.floor(i / size))).filter((p) => p[3] === 255 && test(p)).length;
    expect(opaque((p) => p[0]! >= 250 && p[1]! >= 250 && p[2]! >= 250), 'white sheet').toBeGreaterThan(size * size * 0.1);
    expect(opaque((p) => p[0] === 0xa3 && p[1] === 0x1f && p[2] === 0x24), 'deep red tile').toBeGreaterThan(size * size * 0.25);
    const tick = at(Math.floor(size * 0.47), Math.floor(size * 0.78));
    expect(tick[0]! - tick[1]!, 'check mark over the sheet is red').toBeGreaterThan(60);
    expect(iconPng(size).equals(iconPng(size))).toBe(true);
  });

  it('refuses a size it does not draw', () => {
    expect(() => iconPng(100 as IconSize)).toThrow(RangeError);
    expect(isIconSize(100)).toBe(false);
  });
});

describe('rewriting the manifest for a server', () => {
  it('reads and writes the manifest back unchanged', () => {
    expect(serializeXml(parseXml(MANIFEST, 'manifest.xml'))).toBe(MANIFEST);
  });

  it('moves every address to the given origin, keeping paths, and changes nothing else', () => {
    const { xml, rewritten } = rewriteManifest(MANIFEST, { origin: parseOrigin(PROD) });
    expect(xml).not.toContain('localhost');
    const after = parseXml(xml, 'manifest.prod.xml').root;
    const before = manifestUrls(app);
    const moved = manifestUrls(after);
    expect(rewritten).toBe(before.length);
    expect(moved).toHaveLength(before.length);
    expect(everythingUrlLike(after).sort()).toEqual([...moved].sort());
    moved.forEach((url, i) => {
      expect(url).toBe(before[i]!.replace(/^(https|api):\/\/localhost:3000/, (_, scheme: string) =>
        scheme === 'api' ? 'api://ledger.example.edu.cn' : PROD));
    });
    // Apart from its leading comment, the copy is the original with the origin swapped.
    const body = (s: string): string => s.slice(s.indexOf('<OfficeApp'));
    expect(body(xml)).toBe(body(MANIFEST).replaceAll('https://localhost:3000', PROD).replaceAll('api://localhost:3000', 'api://ledger.example.edu.cn'));
    expect(after.uri).toBe(NS.app);
    expect(xml.slice(0, xml.indexOf('<OfficeApp'))).toContain('Generated by npm run manifest');
  });

  it('keeps a port, and writes an internationalised host in its ASCII form', () => {
    const withPort = rewriteManifest(MANIFEST, { origin: parseOrigin('https://ledger.example.edu.cn:8443') }).xml;
    expect(withPort).toContain('<AppDomain>https://ledger.example.edu.cn:8443</AppDomain>');
    expect(withPort).toContain(`<Resource>api://ledger.example.edu.cn:8443/${PLACEHOLDER_CLIENT_ID}</Resource>`);
    const idn = rewriteManifest(MANIFEST, { origin: parseOrigin('https://整改.中国') }).xml;
    expect(idn).toContain('DefaultValue="https://xn--');
    expect(() => parseXml(idn, 'idn.xml')).not.toThrow();
  });

  it('sets the Entra ID client id in WebApplicationInfo and its application ID URI', () => {
    const clientId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    const { xml } = rewriteManifest(MANIFEST, { origin: parseOrigin(PROD), clientId });
    const info = child(child(parseXml(xml, 'manifest.prod.xml').root, 'VersionOverrides'), 'WebApplicationInfo');
    expect(textOf(child(info, 'Id'))).toBe(clientId);
    expect(textOf(child(info, 'Resource'))).toBe(`api://ledger.example.edu.cn/${clientId}`);
    expect(textOf(child(parseXml(xml, 'manifest.prod.xml').root, 'Id'))).toBe(textOf(child(app, 'Id')));
  });

  it('accepts https anywhere and http only on the local machine', () => {
    expect(parseOrigin('https://ledger.example.edu.cn/').origin).toBe(PROD);
    expect(parseOrigin('http://localhost:3000').origin).toBe('http://localhost:3000');
    expect(parseOrigin('http://127.0.0.1:8080').origin).toBe('http://127.0.0.1:8080');
    for (const bad of ['http://ledger.example.edu.cn', 'ftp://ledger.example.edu.cn', 'ledger.example.edu.cn', `${PROD}/addin`, `${PROD}?x=1`]) {
      expect(() => parseOrigin(bad), bad).toThrow(ManifestError);
    }
  });

  it('refuses malformed XML and DOCTYPEs with a message naming the problem', () => {
    expect(() => rewriteManifest('<OfficeApp><Id></OfficeApp>', { origin: parseOrigin(PROD) })).toThrow(XmlError);
    expect(() => rewriteManifest('<!DOCTYPE x [<!ENTITY a "b">]><OfficeApp/>', { origin: parseOrigin(PROD) })).toThrow(/DOCTYPE/);
    expect(() => rewriteManifest('<Other/>', { origin: parseOrigin(PROD) })).toThrow(/OfficeApp/);
    expect(() =>
      rewriteManifest('<OfficeApp><IconUrl DefaultValue="icon.png"/></OfficeApp>', { origin: parseOrigin(PROD) }),
    ).toThrow(/IconUrl.*absolute/);
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/run-ts.js', 'addin/manifest/cli.ts', ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run manifest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the rewritten manifest on stdout', async () => {
    const run = await runCli('--url', PROD);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('localhost');
    const root = parseXml(run.stdout, 'stdout').root;
    expect(manifestUrls(root)).toHaveLength(manifestUrls(app).length);
    for (const url of manifestUrls(root)) expect(url).toMatch(/^(https:\/\/|api:\/\/)ledger\.example\.edu\.cn(\/|$)/);
  });

  it('writes --out with the client id set, and says how many addresses it moved', async () => {
    const out = join(dir, 'manifest.prod.xml');
    const clientId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    const run = await runCli('--url', PROD, '--client-id', clientId, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('12');
    const written = readFileSync(out, 'utf8');
    expect(written).toContain(`<Id>${clientId}</Id>`);
    expect(written).not.toContain('localhost');
  });

  it('refuses an http address that is not localhost, in Chinese and English, with exit 2', async () => {
    const run = await runCli('--url', 'http://ledger.example.edu.cn');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('必须是 https');
    expect(run.stderr).toContain('must be an https address');
  });

  it('exits 2 without --url, or with a client id that is not a GUID', async () => {
    const [missing, badId] = await Promise.all([runCli(), runCli('--url', PROD, '--client-id', 'my-app')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--url');
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('GUID');
  });
});
