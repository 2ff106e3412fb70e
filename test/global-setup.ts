import { execFileSync } from 'node:child_process';

/** CLI tests spawn the built `bin/runbook.js`; build it once per test run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
