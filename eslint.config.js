// The lint enforces the architecture: addin/ and server/ never import each other, ledger/ does no I/O
// and imports nothing outside itself but zod. typescript-eslint's plain `recommended` set, not the
// type-aware one: the type checker already runs in `npm test`, and a second typed pass is too slow here.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// Every package we depend on but zod does I/O, builds or tests: none belongs in the domain.
const ioPackages = [...new Set([
  ...Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }),
  '@hono/*',
  '@azure/*',
  'playwright',
  'playwright-core',
])].filter((name) => name !== 'zod' && !name.startsWith('@types/'));

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

const ledgerIo =
  'ledger/ 是纯领域代码，不做 I/O：把读写放在 addin/ 或 server/，再把结果作为参数传进 ledger/。' +
  ' / ledger/ is the pure domain and does no I/O: do the reading and writing in addin/ or server/ and pass the result into ledger/.';

// Relative paths that climb out of the importing folder into a sibling top-level folder.
const climbsInto = (folder) => `^(\\.\\./)+${folder}(/|$)`;

const addinToServer =
  'addin/ 不能导入 server/：共享的代码放进 ledger/，与服务通信走 HTTP（addin/sync/api.ts）。' +
  ' / addin/ may not import server/: move shared code into ledger/, and talk to the service over HTTP (addin/sync/api.ts).';
const serverToAddin =
  'server/ 不能导入 addin/：共享的代码放进 ledger/。' + ' / server/ may not import addin/: move shared code into ledger/.';
const ledgerOutside =
  'ledger/ 只能导入自己的文件和 zod：需要的代码搬进 ledger/，或由调用方传入。' +
  ' / ledger/ imports only its own files and zod: move what it needs into ledger/, or have the caller pass it in.';

// no-restricted-imports does not look at import(): the same rule for dynamic imports, in an esquery selector
// (a `/` cannot appear inside its regex, so `\W` stands for the path separator).
const dynamicImportInto = (folder, message) => ({
  selector: `ImportExpression[source.value=/^(\\.\\.\\W)+${folder}(\\W|$)/]`,
  message,
});

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'coverage/',
      'data/',
      'test/artifacts/',
      'test/.generated/',
      'bench/.out/',
      // Hidden folders at the top hold scratch work and tool state, not the project's code.
      '.*/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore, or a rest sibling, is how this code drops a field or a parameter on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // XML, OOXML and file-name checks must name the control characters they refuse.
      'no-control-regex': 'off',
      // Chinese text is laid out with the ideographic space (U+3000), in templates as in strings.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // Scripts, the service, the tests and the benchmarks run in Node.
    files: ['bin/**', 'server/**', 'test/**', 'bench/**', 'addin/build.ts', 'addin/manifest/**', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['addin/**', 'server/web/src/**'],
    languageOptions: { globals: { ...globals.browser, Office: 'readonly', Excel: 'readonly', OfficeExtension: 'readonly' } },
  },
  {
    files: ['addin/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: climbsInto('server'), message: addinToServer }] }],
      'no-restricted-syntax': ['error', dynamicImportInto('server', addinToServer)],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: climbsInto('addin'), message: serverToAddin }] }],
      'no-restricted-syntax': ['error', dynamicImportInto('addin', serverToAddin)],
    },
  },
  {
    files: ['ledger/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: ledgerIo })),
          patterns: [
            { group: ['node:*'], message: ledgerIo },
            { group: ioPackages.flatMap((name) => [name, `${name}/*`]), message: ledgerIo },
            { regex: '^\\.\\./', message: ledgerOutside },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/^\\.\\.\\W/]', message: ledgerOutside },
        { selector: 'ImportExpression[source.value=/^[^.]/]', message: ledgerIo },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'indexedDB',
          'fetch',
          'XMLHttpRequest',
          'WebSocket',
          'Office',
          'Excel',
          'OfficeExtension',
          'process',
          'require',
          'module',
          'Buffer',
          '__dirname',
          '__filename',
          'console',
          // The ways round the list above: globalThis.fetch, self.document.
          'globalThis',
          'self',
        ].map((name) => ({ name, message: ledgerIo })),
      ],
    },
  },
  {
    // One screen of code per function. Tests and benchmarks read as scripts and are exempt.
    files: ['ledger/**/*.ts', 'addin/**/*.ts', 'server/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);
