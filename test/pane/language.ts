// What "no Chinese in English mode, no English in Chinese mode" means for the pane's own words,
// shared by the message-table test and the browser test that reads the pane as shown.

/** Chinese characters and the full-width punctuation Chinese text uses (，。：（）、；！？「」《》…). */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]+/g;

/** Names and codes Chinese text keeps in Latin letters. */
const KEPT_LATIN = new Set(['Excel', 'Microsoft', 'Office', 'Internet', 'Explorer', 'Edge', 'Mac', 'Windows', 'ID', 'API', 'HTTP', 'JSON', 'ExcelApi', 'xlsx']);

/** The Chinese (or full-width) runs in English text. */
export function chineseIn(text: string): string[] {
  return text.match(CJK) ?? [];
}

/** The English words in Chinese text, leaving out placeholders, addresses, hidden column names and kept names. */
export function englishIn(text: string): string[] {
  const stripped = text
    .replace(/\{\w+\}/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b__\w+/g, ' ');
  return (stripped.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !KEPT_LATIN.has(w));
}
