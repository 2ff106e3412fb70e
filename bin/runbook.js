#!/usr/bin/env -S node --max-semi-space-size=2 --no-opt
// V8 flags (bench/tui-latency.mjs and scripts/build.mjs read them from this line):
// - a small young generation keeps the TUI's peak memory down while a step floods output;
// - no TurboFan: a command lives for well under a second of CPU, mostly waiting on bash, and
//   optimizing its hot functions costs more than it saves (on a 2-core machine the compiler
//   thread competes with the steps' own processes). Measured in docs/running.md ("V8 flags").
// CommonJS (bin/package.json), as is dist/start.cjs: no ES module loader at start-up.
require('../dist/start.cjs');
