import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A throwaway PostgreSQL for the storage suites (when it cannot start they fail, saying why), and
    // the pane and office page built once for the browser suites.
    globalSetup: ['test/support/postgres.ts', 'test/support/build-pages.ts'],
  },
});
