// Every word the pane shows is in the pane's language: English mode has no Chinese characters or
// full-width punctuation, Chinese mode no English words beyond names such as Excel and Microsoft.
// Values from the sheet (a quoted cell, a sheet name) are the user's and are not checked here.
import { describe, expect, it } from 'vitest';
import { FINDING_CODES, findingMessage } from '../../ledger';
import { MESSAGES, t, type MessageKey } from '../../addin/pane/i18n';
import { chineseIn, englishIn } from './language';

/** The language switch is written in the language it switches to (and marked so in the page). */
const OTHER_LANGUAGE: readonly MessageKey[] = ['lang.switch', 'lang.switchLabel'];

const keys = (Object.keys(MESSAGES.zh) as MessageKey[]).filter((k) => !OTHER_LANGUAGE.includes(k));

/** Parameters for every finding message, with values that are plain digits and Latin letters. */
const SAMPLE: Parameters<typeof findingMessage>[2] = { value: 'x1', other: '7', expected: 'A, B', date: '1 Aug 2018', days: 3, file: 'a.xlsx', field: 'Status', count: 2 };

describe('the pane speaks one language at a time', () => {
  it('has no Chinese in its English messages', () => {
    const bad = keys.map((k) => ({ key: k, text: MESSAGES.en[k], chinese: chineseIn(MESSAGES.en[k]) })).filter((m) => m.chinese.length > 0);
    expect(bad, bad.map((m) => `${m.key}: ${m.text} (${m.chinese.join(' ')})`).join('\n')).toEqual([]);
  });

  it('has no English words in its Chinese messages', () => {
    const bad = keys.map((k) => ({ key: k, text: MESSAGES.zh[k], english: englishIn(MESSAGES.zh[k]) })).filter((m) => m.english.length > 0);
    expect(bad, bad.map((m) => `${m.key}: ${m.text} (${m.english.join(' ')})`).join('\n')).toEqual([]);
  });

  it('has no Chinese in the English finding messages, nor English in the Chinese ones', () => {
    const bad: string[] = [];
    for (const code of FINDING_CODES) {
      for (const params of [{}, SAMPLE]) {
        const en = findingMessage(code, 'en', params);
        if (chineseIn(en).length > 0) bad.push(`en ${code}: ${en}`);
      }
      const zh = findingMessage(code, 'zh', { ...SAMPLE, value: '甲', expected: '甲、乙', field: '完成情况', date: '2018年8月1日' });
      if (englishIn(zh).length > 0) bad.push(`zh ${code}: ${zh}`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('joins a list the way each language writes lists', () => {
    expect(t('zh', 'sync.gone', { rows: [7, 9] })).toContain('第 7、9 行');
    expect(t('en', 'sync.gone', { rows: [7, 9] })).toContain('rows 7, 9 ');
  });
});
