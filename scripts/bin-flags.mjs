// The node flags on bin/runbook.js's first line (`#!/usr/bin/env -S node FLAGS`): the build makes
// the code cache under them (V8 rejects a cache made under other flags), and the benches and
// tests that start the CLI's code directly start it under them too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The flags of `root`/bin/runbook.js's shebang, in order (none when it names no flags). */
export function binFlags(root) {
  return /^#!.*?node (.*)$/m.exec(readFileSync(join(root, 'bin', 'runbook.js'), 'utf8'))?.[1]?.split(' ') ?? [];
}
