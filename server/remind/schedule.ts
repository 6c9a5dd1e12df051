// The reminder schedule in the serving process: one croner job per campaign whose schedule is on,
// in the campaign's time zone. Every instance runs the jobs it reads from the database (and reads
// them again every half minute, so a change saved on another instance takes effect here too); the
// send log's claim per unit and day makes sure only one of them sends (send.ts).
import { Cron } from 'croner';
import type { Store } from '../store';
import type { Work } from '../work/work';
import { sendReminders } from './send';
import { enabledSchedules } from './settings';

const RELOAD_MS = 30_000;

export interface ReminderSchedule {
  /** Reads the schedules again and starts, changes or stops jobs to match. */
  reload(): Promise<void>;
  stop(): void;
}

const running = new WeakMap<Store, ReminderSchedule>();

/** After the office saved settings on this instance: apply them now rather than at the next reload. */
export async function reloadSchedule(store: Store): Promise<void> {
  await running.get(store)?.reload();
}

function logFailure(campaign: string, e: unknown): void {
  console.error(`[${new Date().toISOString()}] 定时提醒失败 / scheduled reminders failed (${campaign}):`, e);
}

export function startReminderSchedule(store: Store, work: Work, reloadMs = RELOAD_MS): ReminderSchedule {
  const jobs = new Map<string, { key: string; job: Cron }>();
  let stopped = false;

  const run = (campaign: string) => async () => {
    const report = await sendReminders(store, work, campaign, { trigger: 'schedule' });
    for (const u of report.units) if (u.outcome === 'failed') console.error(`提醒发送失败 / reminder not delivered: ${campaign} ${u.unit}: ${u.reason ?? ''}`);
  };

  async function reload(): Promise<void> {
    const wanted = await enabledSchedules(store.db);
    if (stopped) return;
    const seen = new Set<string>();
    for (const { campaign, schedule, timezone } of wanted) {
      seen.add(campaign);
      const key = `${schedule}\n${timezone}`;
      if (jobs.get(campaign)?.key === key) continue;
      jobs.get(campaign)?.job.stop();
      try {
        // protect: a run still sending when the next one is due lets that one pass.
        const job = new Cron(schedule, { timezone, protect: true, catch: (e) => logFailure(campaign, e) }, run(campaign));
        jobs.set(campaign, { key, job });
      } catch (e) {
        jobs.delete(campaign);
        logFailure(campaign, e);
      }
    }
    for (const [campaign, { job }] of jobs) {
      if (seen.has(campaign)) continue;
      job.stop();
      jobs.delete(campaign);
    }
  }

  const timer = setInterval(() => reload().catch((e: unknown) => logFailure('*', e)), reloadMs);
  timer.unref();
  const schedule: ReminderSchedule = {
    reload,
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const { job } of jobs.values()) job.stop();
      jobs.clear();
      running.delete(store);
    },
  };
  running.set(store, schedule);
  reload().catch((e: unknown) => logFailure('*', e));
  return schedule;
}
