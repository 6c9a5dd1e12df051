// A cell's value as Excel shows it under its number format, for the formats this project writes or
// meets: General and text ("@"), whole and fixed-point numbers with thousands separators ("0",
// "#,##0.00"), percentages ("0%", "0.0%"), and dates ("yyyy-mm-dd", yyyy"年"m"月"d"日", "m/d",
// "yyyy/m/d"). A format beyond these (times, fractions, scientific, conditions) shows the number as
// General rather than a guess.
import { serialToIso, type CellValue } from '../../ledger';

/** The first section of a format (positive numbers), without locale and colour brackets. */
function firstSection(format: string): string {
  let quoted = false;
  let end = format.length;
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '"') quoted = !quoted;
    else if (format[i] === '\\') i++;
    else if (format[i] === ';' && !quoted) {
      end = i;
      break;
    }
  }
  return format.slice(0, end).replace(/\[(?:\$[^\]]*|Red|Black|Blue|Green|White|Yellow|Cyan|Magenta|Color\d+)\]/gi, '');
}

/** Excel's General: integers in full up to 11 digits, otherwise about ten significant digits. */
function general(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e11) return String(n);
  const short = Number(n.toPrecision(10));
  return Math.abs(short) >= 1e11 || (short !== 0 && Math.abs(short) < 1e-9) ? short.toExponential().toUpperCase() : String(short);
}

const FIXED = /^(#,##)?0(?:\.(0+))?(%?)$/;

function fixed(n: number, m: RegExpExecArray): string {
  const value = m[3] ? n * 100 : n;
  const text = value.toFixed(m[2]?.length ?? 0);
  const grouped = m[1] ? text.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ',')) : text;
  return `${grouped}${m[3]}`;
}

const DATE_TOKEN = /"([^"]*)"|\\(.)|(yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|aaaa|aaa)|([\s\S])/gi;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];

function isDateFormat(section: string): boolean {
  const bare = section.replace(/"[^"]*"|\\./g, '');
  return /[ymd]|aaa/i.test(bare) && !/[hs]/i.test(bare);
}

function date(serial: number, section: string): string {
  if (serial < 1) return '#'.repeat(8);
  const iso = serialToIso(serial);
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  const parts: Record<string, string> = {
    yyyy: String(y),
    yy: String(y % 100).padStart(2, '0'),
    mmmm: MONTHS[m - 1]!,
    mmm: MONTHS[m - 1]!.slice(0, 3),
    mm: String(m).padStart(2, '0'),
    m: String(m),
    dddd: WEEKDAYS[weekday]!,
    ddd: WEEKDAYS[weekday]!.slice(0, 3),
    dd: String(d).padStart(2, '0'),
    d: String(d),
    aaaa: `星期${WEEKDAYS_ZH[weekday]}`,
    aaa: WEEKDAYS_ZH[weekday]!,
  };
  return section.replace(DATE_TOKEN, (_whole, quoted?: string, escaped?: string, token?: string, other?: string) =>
    quoted ?? escaped ?? (token ? parts[token.toLowerCase()]! : other === '_' || other === '*' ? '' : (other ?? '')),
  );
}

/** What a cell shows: its value under its number format (General when it has none). */
export function displayText(value: CellValue, format = 'General'): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const section = firstSection(format).trim();
  if (section === '' || /^(General|@)$/i.test(section)) return general(value);
  if (isDateFormat(section)) return date(value, section);
  const m = FIXED.exec(section);
  return m ? fixed(value, m) : general(value);
}
