// ledger serve [--port N] [--host H] [--cert FILE --key FILE] [--dev] [--cors ORIGIN,…]
import * as z from 'zod';
import { startServer } from '../serve';
import { FileInUse } from '../store/owner';
import { parse, UsageError } from './args';
import type { Io } from './io';

const ServeOptions = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(() => Number(process.env.PORT ?? 3000)),
  host: z.string().default(() => process.env.HOST ?? '127.0.0.1'),
  cert: z.string().optional(),
  key: z.string().optional(),
  dev: z.boolean().default(false),
  cors: z.string().optional(),
});

export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      dev: { type: 'boolean' },
      cors: { type: 'string' },
    },
    ServeOptions,
  );
  if (Boolean(values.cert) !== Boolean(values.key)) throw new UsageError('--cert 与 --key 须同时给出 / give both --cert and --key');
  let srv: Awaited<ReturnType<typeof startServer>>;
  try {
    srv = await startServer({
    port: values.port,
    host: values.host,
    dev: values.dev,
    ...(values.cert && values.key ? { tls: { cert: values.cert, key: values.key } } : {}),
    ...(values.cors ? { corsOrigins: values.cors.split(',').map((s) => s.trim()) } : {}),
    });
  } catch (e) {
    if (!(e instanceof FileInUse)) throw e;
    io.err(e.message);
    return 2;
  }
  const where = srv.store.kind === 'sqlite' ? `SQLite ${process.env.LEDGER_DB ?? './data/ledger.db'}` : 'PostgreSQL (DATABASE_URL)';
  io.out(
    [
      `整改台账服务已启动 / Rectification Ledger service running: ${srv.url}`,
      `  存储 / storage: ${where}`,
      `  整改办页面 / office page: ${srv.url}/`,
      `  接口文档 / API: ${srv.url}/api/openapi.json`,
      ...(values.dev ? [`  演练场 / playground: ${srv.url}/playground`] : []),
      '',
      '获取整改办令牌（另开一个终端）/ get an office token (in another terminal):',
      '  npx ledger token create --office',
      '给责任单位发令牌 / a token for a unit:  npx ledger token create --unit 计算机学院',
      '按 Ctrl+C 停止 / press Ctrl+C to stop',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    const stop = () => void srv.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
