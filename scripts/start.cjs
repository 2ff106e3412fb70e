// dist/start.cjs (copied there by scripts/build.mjs): starts the CLI, a CommonJS bundle, from the
// V8 code cache the build made for it. Node 20 has no compile cache for ES modules, and compiling
// the bundle was about a fifth of a command's start-up.
//
// - The cache belongs to one build: its name carries the build id on the bundle's first line.
// - V8 checks it against the flags (the bin's `--max-semi-space-size=2 --no-opt`) and rejects it if they
//   differ; the bundle is then compiled as usual.
// - `RUNBOOK_DEBUG_CODE_CACHE=1` says on stderr whether V8 took it.
// - `RUNBOOK_WRITE_CODE_CACHE=1` writes the cache at exit, with every function compiled by then
//   (the build runs a small runbook so).
// - CommonJS itself, as is bin/runbook.js: an ES module entry costs the ES module loader's
//   start (about 10 ms), which the TUI alone needs (it is loaded with `import()`).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

// Started as `node bin/runbook.js` (a test, a package manager's shim that does not read the
// shebang's flags), the bin's V8 flags are missing and V8 would reject the cache made under
// them, compiling the whole bundle instead: they are set here, before it is compiled. `--no-opt`
// takes effect; a heap size flag set now leaves the heap as it is, but the flags match the
// cache's. The build fills in the list from bin/runbook.js's first line.
const BIN_FLAGS = [];
const missing = BIN_FLAGS.filter((flag) => !process.execArgv.includes(flag));
if (missing.length > 0) require('node:v8').setFlagsFromString(missing.join(' '));

const here = __dirname;
const file = join(here, 'runbook.cjs');
const source = readFileSync(file, 'utf8');
const id = /^\/\/ runbook build ([a-z0-9]+)\n/.exec(source)?.[1];
const cacheFile = id ? join(here, `runbook.${id}.cache`) : undefined;
let cachedData;
try {
  if (cacheFile && !process.env.RUNBOOK_WRITE_CODE_CACHE) cachedData = readFileSync(cacheFile);
} catch {
  // none: compiled as usual
}
// No `import()` in the bundle: Node 20 loses a script's dynamic-import callback when V8 takes
// its code from a cache. The bundle imports the TUI through `__runbookImport`, this module's own
// `import()` (the build rewrites the one import there is).
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __runbookImport) {${source}\n})`, {
  filename: file,
  cachedData,
});
if (process.env.RUNBOOK_DEBUG_CODE_CACHE) process.stderr.write(`runbook: code cache ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none'}\n`);
if (process.env.RUNBOOK_WRITE_CODE_CACHE && cacheFile) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require('node:module').createRequire(file), bundle, file, here, (specifier) => import(specifier));
