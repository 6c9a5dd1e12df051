// taskpane-legacy.js: the task pane for the webviews of Office 2016/2019 (IE11, Edge Legacy), built
// to ES5 by addin/build.ts after the polyfills (polyfills.ts), with zod kept from compiling code
// (zod-jitless.ts) and the DOM methods the polyfills leave out.
import './zod-jitless';
import './dom';
import '../pane/main';
