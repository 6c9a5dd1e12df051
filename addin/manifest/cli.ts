// npm run manifest -- --url https://ledger.example.edu.cn [--client-id GUID] [--out manifest.prod.xml]
// Writes a copy of manifest.xml pointing at a deployed service. Exit 0 done, 2 usage or unreadable input.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clientIdSchema, ManifestError, parseOrigin, rewriteManifest } from './rewrite';
import { XmlError } from './xml';

const MANIFEST = fileURLToPath(new URL('../../manifest.xml', import.meta.url));

const USAGE =
  '用法 / usage: npm run manifest -- --url https://主机名[:端口] [--client-id GUID] [--out 文件.xml]\n' +
  '  --url        服务的 https 地址 / the service origin (https; http only for localhost)\n' +
  '  --client-id  Entra ID 应用（客户端）ID / Entra ID application (client) id for WebApplicationInfo\n' +
  '  --out        写入此文件，默认输出到标准输出 / write here instead of standard output';

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function main(): void {
  let values: { url?: string; 'client-id'?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        url: { type: 'string' },
        'client-id': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`参数错误 / bad arguments: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.url === undefined) fail('缺少 --url / --url is required');

  let xml: string;
  try {
    xml = readFileSync(MANIFEST, 'utf8');
  } catch (err) {
    fail(`无法读取 ${MANIFEST} / cannot read ${MANIFEST}: ${err instanceof Error ? err.message : String(err)}`);
  }

  const clientId = values['client-id'];
  const parsedId = clientId === undefined ? undefined : clientIdSchema.safeParse(clientId);
  if (parsedId && !parsedId.success) fail(parsedId.error.issues.map((i) => i.message).join('\n'));

  let origin: URL;
  let result: ReturnType<typeof rewriteManifest>;
  try {
    origin = parseOrigin(values.url);
    result = rewriteManifest(xml, { origin, ...(parsedId ? { clientId: parsedId.data } : {}) });
  } catch (err) {
    if (err instanceof ManifestError || err instanceof XmlError) fail(err.message);
    throw err;
  }

  if (origin.protocol === 'http:') {
    process.stderr.write(
      '注意：Office 只从 https 加载加载项，http 地址仅供本机调试代理使用。\n' +
        'note: Office loads add-ins over https only; an http address is for a local debugging proxy.\n',
    );
  }
  if (values.out === undefined) {
    process.stdout.write(result.xml);
    return;
  }
  try {
    writeFileSync(values.out, result.xml);
  } catch (err) {
    fail(`无法写入 ${values.out} / cannot write ${values.out}: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.stderr.write(
    `已写入 ${values.out}：${result.rewritten} 个地址指向 ${origin.origin}\n` +
      `wrote ${values.out}: ${result.rewritten} addresses now point at ${origin.origin}\n`,
  );
}

main();
