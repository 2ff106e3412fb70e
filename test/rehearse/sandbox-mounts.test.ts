/**
 * Every mount in the rehearsal sandbox is read-only, sub-mounts too: a bind mount under /usr
 * (as Docker binds /etc/hosts) stayed writable when only the top of a recursive bind was
 * remounted read-only. The bind is made in a private mount namespace of the test's own, so
 * nothing changes on the machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../engine/rehearse/detect-sandbox.js';
import { cliPath } from '../journal/cli-helpers.js';

const sandbox = await detectSandbox();
const under = '/usr/share/doc';
const usable = sandbox.available && process.getuid?.() === 0 && existsSync(under);
const dir = mkdtempSync(join(tmpdir(), 'runbook-mounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(usable)('sandbox mounts', () => {
  it('a bind sub-mount under /usr is read-only inside a rehearsal', () => {
    const target = join(dir, 'target');
    mkdirSync(target);
    writeFileSync(join(dir, 'write.md'), `# Write\n\n\`\`\`bash\necho pwned > ${under}/marker; echo "exit $?"\n\`\`\`\n`);
    writeFileSync(join(dir, 'write.s.scenario.yaml'), 'scenario: s\nrunbook: ./write.md\ncommands:\n  - run: nothing *\n');
    const script = `mount --bind "$1" ${under} && exec "$2" "$3" run "$4" --rehearse "$5" --yes --no-journal`;
    const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', script, 'test', target, process.execPath, cliPath(), join(dir, 'write.md'), join(dir, 'write.s.scenario.yaml')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(readdirSync(target), result.stdout + result.stderr).toEqual([]);
    expect(result.stdout).toContain('/usr/share/doc/marker: Read-only file system');
    expect(result.stdout).toContain('exit 1\n');
  }, 90_000);
});
