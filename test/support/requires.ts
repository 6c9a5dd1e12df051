// Suites that need a program this machine may lack (PostgreSQL, LibreOffice, poppler, Chromium) run
// where it is installed and, where it is not, fail with one test naming the package to install: a
// suite that skipped itself in CI would be a failure nobody sees.
import { describe, it } from 'vitest';

export interface Need {
  what: string;
  install: string;
}

export const NEEDS = {
  postgresql: { what: 'PostgreSQL', install: 'apt-get install -y postgresql' },
  libreoffice: { what: 'LibreOffice', install: 'apt-get install -y libreoffice-calc-nogui' },
  poppler: { what: 'poppler (pdftotext)', install: 'apt-get install -y poppler-utils' },
  chromium: { what: 'Chromium', install: 'apt-get install -y chromium fonts-wqy-microhei' },
} satisfies Record<string, Need>;

function missing(need: Need, detail: string): never {
  throw new Error(`缺少 ${need.what}，请安装：${need.install} / ${need.what} is missing: ${need.install}${detail ? `\n${detail}` : ''}`);
}

/** In place of the suite `title`: one test that fails saying what to install (and `detail`, why). */
export function missingSuite(title: string, need: Need, detail = ''): void {
  describe(title, () => it(`needs ${need.what}: ${need.install}`, () => missing(need, detail)));
}

/** `describe`, where `present` is set; otherwise `missingSuite`. */
export function describeNeeding(present: unknown, need: Need, detail = ''): (title: string, body: () => void) => void {
  return (title, body) => (present ? describe(title, body) : missingSuite(title, need, detail));
}

/** `it`, where `present` is set; otherwise a test of the same name that fails saying what to install. */
export function itNeeding(present: unknown, need: Need): (title: string, fn: () => Promise<void> | void, timeout?: number) => void {
  return (title, fn, timeout) => (present ? it(title, fn, timeout) : it(`${title} (needs ${need.what}: ${need.install})`, () => missing(need, '')));
}
