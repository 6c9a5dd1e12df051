// A throwaway PostgreSQL server for the test run: initdb into a fresh temp dir, listen on 127.0.0.1 on
// a free port (unix sockets inside the temp dir), fsync off, stopped and deleted at the end.
// Use as a vitest globalSetup: `setup` provides the URL as `testDatabaseUrl` (and sets
// process.env.TEST_DATABASE_URL) and returns the teardown. When no server can be started, the URL is
// '' and `testDatabaseProblem` says why; the PostgreSQL suites then fail, each with one test saying so.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string;
    testDatabaseProblem: string;
  }
}

const run = promisify(execFile);

export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

/** The bin directory of the newest PostgreSQL installed (Debian layout), or PG_BIN. */
function findBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL found: ${root}/*/bin/initdb is missing (apt-get install postgresql)`);
  return join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findBin();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  let started = false;
  const pgCtl = (args: string[]) => asServerUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const stopSync = () => {
    if (!started) return;
    started = false;
    try {
      const [cmd, args] = pgCtl(['-m', 'immediate', '-w', 'stop']);
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      // Already gone; the directory is removed below either way.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', dir]);
    const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), [
      '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions',
    ]);
    await run(initCmd, initArgs);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    const [startCmd, startArgs] = pgCtl(['-l', log, '-w', '-t', '60', '-o', options, 'start']);
    await run(startCmd, startArgs);
    started = true;
    process.once('exit', stopSync);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop: async () => {
        process.removeListener('exit', stopSync);
        stopSync();
      },
    };
  } catch (err) {
    const serverLog = existsSync(log) ? `\n--- server log ---\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    started = true;
    stopSync();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${serverLog}`, { cause: err });
  }
}

/** A fresh, empty database on the test server; returns its URL. */
export async function createTestDatabase(serverUrl: string, prefix = 't'): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function shout(lines: string[]): void {
  const bar = '!'.repeat(78);
  console.error(['', bar, ...lines.map((l) => `!!  ${l}`), bar, ''].join('\n'));
}

interface ProvideTarget {
  provide<K extends 'testDatabaseUrl' | 'testDatabaseProblem'>(key: K, value: string): void;
}

/** vitest globalSetup: start the server, provide its URL, return the teardown. */
export async function setup(project?: ProvideTarget): Promise<() => Promise<void>> {
  try {
    const server = await startPostgres();
    process.env.TEST_DATABASE_URL = server.url;
    project?.provide('testDatabaseUrl', server.url);
    project?.provide('testDatabaseProblem', '');
    return () => server.stop();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    shout(['PostgreSQL test server could not start: the PostgreSQL suites will FAIL.', ...reason.split('\n')]);
    project?.provide('testDatabaseUrl', '');
    project?.provide('testDatabaseProblem', reason);
    return async () => {};
  }
}
