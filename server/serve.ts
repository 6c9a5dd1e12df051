// Starting the service: storage from configuration (SQLite by default), the app, and an HTTP server
// (HTTPS when given a certificate, as Office requires for add-ins). Tests start it on port 0.
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createEntraVerifier } from './auth/entra';
import { entraConfigFromEnv, paneAuthority } from './auth/entra-config';
import { graphPublisherFromEnv } from './auth/graph-publish';
import { createApp, type AppOptions } from './app/app';
import { evidenceMaxBytesFromEnv } from './evidence/limits';
import { openStore, StoreConfig, storeConfigFromEnv, type Store, type StoreConfigInput } from './store';
import { claimSqliteFile } from './store/owner';
import { startReminderSchedule } from './remind/schedule';
import { startWork } from './work/work';

export interface ServerOptions {
  port?: number;
  host?: string;
  /** A store already open, or the configuration to open one (default: LEDGER_DB / DATABASE_URL). */
  store?: Store | StoreConfigInput;
  tls?: { cert: string; key: string };
  dev?: boolean;
  corsOrigins?: string[];
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  url: string;
  store: Store;
  close(): Promise<void>;
}

function isStore(s: Store | StoreConfigInput): s is Store {
  return 'db' in s;
}

type Listening = ReturnType<typeof serve>;

/** The store to serve (the one given, or one opened from configuration), and how to let go of its SQLite file. */
async function storeToServe(opts: ServerOptions, env: Record<string, string | undefined>): Promise<{ store: Store; release: () => void }> {
  const config = opts.store && isStore(opts.store) ? opts.store.config : StoreConfig.parse(opts.store ?? storeConfigFromEnv(env));
  const release = config.kind === 'sqlite' && config.file !== ':memory:' ? claimSqliteFile(config.file) : () => undefined;
  try {
    return { store: opts.store && isStore(opts.store) ? opts.store : await openStore(config), release };
  } catch (e) {
    release();
    throw e;
  }
}

/** Listens on the host and port asked for (HTTPS with a certificate); the URL says where, as a browser would write it. */
async function listen(fetch: (request: Request) => Response | Promise<Response>, opts: ServerOptions): Promise<{ server: Listening; url: string }> {
  const host = opts.host ?? '127.0.0.1';
  const tls = opts.tls ? { cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) } : undefined;
  const server = await new Promise<Listening>((resolveServer, reject) => {
    const s = serve(
      {
        fetch,
        port: opts.port ?? 3000,
        hostname: host,
        ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
      },
      () => resolveServer(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { server, url: `${tls ? 'https' : 'http'}://${shown}:${port}` };
}

async function closeServer(server: Listening): Promise<void> {
  await new Promise<void>((done) => {
    server.close(() => done());
    // Keep-alive connections would hold close() open for minutes.
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  // A malformed setting stops the start before anything is opened.
  const evidenceMaxBytes = evidenceMaxBytesFromEnv(env);
  const { store, release } = await storeToServe(opts, env);
  const entraConfig = entraConfigFromEnv(env);
  const work = await startWork(store).catch((e: unknown) => {
    release();
    throw e;
  });
  const reminders = startReminderSchedule(store, work);
  const appOptions: AppOptions = {
    store,
    work,
    ...(entraConfig
      ? { entra: createEntraVerifier(entraConfig), microsoftSignIn: { clientId: entraConfig.clientId, authority: paneAuthority(entraConfig) } }
      : {}),
    publishing: graphPublisherFromEnv(env),
    evidenceMaxBytes,
    ...(opts.dev ? { dev: true } : {}),
    ...(opts.corsOrigins ? { corsOrigins: opts.corsOrigins } : {}),
  };
  const app = createApp(appOptions);
  let listening: { server: Listening; url: string };
  try {
    listening = await listen(app.fetch, opts);
  } catch (e) {
    reminders.stop();
    await work.close();
    release();
    throw e;
  }
  return {
    url: listening.url,
    store,
    async close() {
      await closeServer(listening.server);
      reminders.stop();
      await work.close();
      if (!(opts.store && isStore(opts.store))) await store.close();
      release();
    },
  };
}
