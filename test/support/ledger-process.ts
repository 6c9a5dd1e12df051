// The `ledger` command as tests run it: in this process (its output captured), or `ledger serve` as a
// process of its own (killed, restarted, several at once).
import { spawn, type ChildProcess } from 'node:child_process';
import { main } from '../../server/cli/main';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs `ledger <args>` in this process and gives its exit code and output. */
export async function ledger(args: string[]): Promise<Ran> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

export interface ServiceProcess {
  child: ChildProcess;
  /** The service's address once it says it is running (rejects if it exits first). */
  started: Promise<string>;
  /** Its exit code and what it wrote on stderr. */
  exited: Promise<{ code: number | null; err: string }>;
}

/** Starts `ledger serve --port 0` with `env` as a process of its own. */
export function serveProcess(env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(process.execPath, ['bin/ledger.js', 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, err })));
  const started = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(({ code }) => reject(new Error(`service exited early (${code}): ${out}${err}`)));
  });
  // A test expecting the exit waits on `exited`; the early-exit rejection of `started` is then no news.
  started.catch(() => undefined);
  return { child, started, exited };
}
