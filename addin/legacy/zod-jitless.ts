// zod compiles its object parsers with `new Function`, into code with spread syntax. Our pages' CSP
// forbids that and zod then interprets instead; IE11 ignores the CSP, compiles, and fails to parse
// the code it made. Imported before any module that builds a schema: zod reads this as it builds one.
import * as z from 'zod';

z.config({ jitless: true });
