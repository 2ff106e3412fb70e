#!/usr/bin/env -S node --max-semi-space-size=2
// A small young generation keeps the TUI's peak memory down while a step floods output
// (measured: no cost in speed). bench/tui-latency.mjs starts its child with the same flag.
import '../dist/runbook.js';
