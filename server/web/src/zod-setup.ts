// Imported first by office.ts, before any schema is built: zod compiles object parsers with
// `new Function` unless told not to, and the service's CSP (script-src 'self') forbids eval, so the
// browser would log a policy violation on every page load.
import * as z from 'zod';

z.config({ jitless: true });
