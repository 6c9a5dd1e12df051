// One service process per SQLite file. SQLite has one writer: a second `ledger serve` on the same file
// would answer "database is locked" after waiting on every write. So the service claims the file at
// start with a lock file naming its process, and a second one is refused at once, saying by whom and
// what to do instead. A claim left by a process that is gone (killed, crashed) is taken over: the
// check is by process id on this host, which a lock library working by file age alone cannot tell.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';

const Claim = z.object({ pid: z.number().int(), host: z.string(), since: z.string() });

export class FileInUse extends Error {
  constructor(
    readonly file: string,
    readonly holder: z.infer<typeof Claim>,
  ) {
    super(
      `另一个整改台账服务（进程 ${holder.pid}，${holder.host}，自 ${holder.since} 起）正在使用数据库 ${file}；` +
        `一个 SQLite 数据库只能由一个服务进程写入。要运行多个服务实例，请改用 PostgreSQL（设置 DATABASE_URL）。\n` +
        `Another ledger service (process ${holder.pid} on ${holder.host}, since ${holder.since}) is using the database ${file}; ` +
        `one SQLite database takes one service process. To run several instances, use PostgreSQL (set DATABASE_URL).`,
    );
    this.name = 'FileInUse';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims the database file for this process; returns the release. Throws FileInUse when taken. */
export function claimSqliteFile(file: string): () => void {
  const lock = `${resolve(file)}.serve-lock`;
  // The claim comes before the database is opened, so it makes the database's folder (the default
  // ./data on a first start) as opening would.
  mkdirSync(dirname(lock), { recursive: true });
  const mine = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify(mine), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    let holder: z.infer<typeof Claim> | undefined;
    try {
      holder = Claim.parse(JSON.parse(readFileSync(lock, 'utf8')));
    } catch {
      holder = undefined; // unreadable: a claim being written at this instant, or garbage; treat as stale
    }
    if (holder && (holder.host !== mine.host || alive(holder.pid))) throw new FileInUse(file, holder);
    rmSync(lock, { force: true });
  }
}
