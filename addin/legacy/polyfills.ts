// What the pane and zod use that IE11 and Edge Legacy webviews lack: the standard library from
// core-js, and fetch. Already ES5, so addin/build.ts bundles it apart, without Babel, and puts it
// first in each legacy bundle. (Babel brings the runtime of async functions with the code it lowers.)
import 'core-js/stable';
import 'whatwg-fetch';
