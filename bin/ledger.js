#!/usr/bin/env node
// The CLI runs straight from TypeScript sources through tsx, so `npx ledger` works after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
