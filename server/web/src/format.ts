// Figures and dates as the office writes them in reports: whole counts, rates to one decimal place,
// and one date format everywhere on the page (2026年11月30日 in Chinese, 2026-11-30 in English).
import { chineseDate, isoDate } from '../../../ledger/dates';
import type { IsoDate, Lang } from '../../../ledger/schema';

/** 0.381 → "38.1%" */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export function dateText(iso: IsoDate, lang: Lang): string {
  return lang === 'zh' ? chineseDate(iso) : iso;
}

/** A moment the service recorded (ISO UTC), as the day and time on this computer's clock. */
export function timeText(at: string, lang: Lang): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const day = isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate())!;
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return `${dateText(day, lang)} ${hm}`;
}

/** The local day `days` before an ISO date. */
export function daysBefore(iso: IsoDate, days: number): IsoDate {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
