#!/usr/bin/env node
// The CLI runs straight from TypeScript sources through tsx, so `npx ledger` works after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
try {
  const { main } = await import('../server/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Not the input's fault, but the contract has no other code: say so plainly and exit 2.
  console.error(`内部错误 / internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 2;
}
