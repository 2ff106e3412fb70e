#!/usr/bin/env -S node --max-semi-space-size=2
// A small young generation keeps the TUI's peak memory down while a step floods output.
// bench/tui-latency.mjs starts its child with the same flag. CommonJS (bin/package.json), as is
// dist/start.cjs: no ES module loader at start-up.
require('../dist/start.cjs');
