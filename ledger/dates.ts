// Dates as Excel stores them (serials in the 1900 system) and as ISO strings.
import type { IsoDate, Lang } from './schema';

const DAY_MS = 86_400_000;
// Serial 25569 is 1970-01-01; Excel's fictitious 1900-02-29 (serial 60) makes serials before it one off.
const UNIX_EPOCH_SERIAL = 25_569;

export function serialToIso(serial: number): IsoDate {
  const whole = Math.floor(serial);
  let iso = isoOfSerial.get(whole);
  if (iso === undefined) {
    const adjusted = whole < 61 ? whole + 1 : whole;
    iso = new Date((adjusted - UNIX_EPOCH_SERIAL) * DAY_MS).toISOString().slice(0, 10);
    // A ledger's deadlines fall on a few hundred days; the table stays small whatever is read.
    if (isoOfSerial.size >= 10_000) isoOfSerial.clear();
    isoOfSerial.set(whole, iso);
  }
  return iso;
}
const isoOfSerial = new Map<number, IsoDate>();

export function isoToSerial(iso: IsoDate): number {
  const days = Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS) + UNIX_EPOCH_SERIAL;
  return days < 61 ? days - 1 : days;
}

/** A plausible date serial: 1990-01-01 to 2099-12-31. Smaller numbers in a date column are typos. */
export function isDateSerial(n: number): boolean {
  return Number.isFinite(n) && n >= 32_874 && n <= 73_415;
}

export function isoDate(year: number, month: number, day: number): IsoDate | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  if (day > lastDayOfMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 2018年9月10日 */
export function chineseDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date for people reading `lang`: 2018年9月10日, or 10 Sep 2018 (no Chinese in English text). */
export function dateIn(lang: Lang, iso: IsoDate): string {
  if (lang === 'zh') return chineseDate(iso);
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS_EN[(m ?? 1) - 1]} ${y}`;
}

export function todayIso(): IsoDate {
  const now = new Date();
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate())!;
}
