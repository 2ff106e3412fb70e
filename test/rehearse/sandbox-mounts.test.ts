/**
 * Every mount in the rehearsal sandbox is read-only, sub-mounts too: a bind mount under /usr
 * (as Docker binds /etc/hosts) stayed writable when only the top of a recursive bind was
 * remounted read-only. The bind is made in a private mount namespace of the test's own, so
 * nothing changes on the machine.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../engine/rehearse/detect-sandbox.js';
import { fstabField } from '../../engine/rehearse/sandbox-root.js';
import { cliPath } from '../journal/cli-helpers.js';

const sandbox = await detectSandbox();
/** A folder outside /tmp, for a working directory the sandbox mounts a private folder at. */
const outsideTmp = ['/var/tmp', homedir()].find((parent) => {
  try {
    accessSync(parent, constants.W_OK);
    return !realpathSync(parent).startsWith('/tmp/');
  } catch {
    return false;
  }
});
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

describe.runIf(sandbox.available && outsideTmp)('sandbox paths', () => {
  // The sandbox's mounts are one fstab, where a space in a path is written `\\040`, as the
  // kernel lists mounts: the scratch folder (TMPDIR), the server's FIFO folder
  // (XDG_RUNTIME_DIR) and the working directory outside /tmp (mounted as a private folder at the
  // same path) all have one here, each followed by a digit (`\\0401`, which printf's %b reads
  // as one character: the mount of the working directory was made read-only with the rest).
  it('a temp dir, a FIFO folder and a working directory with spaces: the root is read-only, the working directory private', () => {
    const temp = join(dir, 'temp 1 dir');
    const runtime = join(dir, 'run 2 time');
    const work = mkdtempSync(join(outsideTmp!, 'runbook 0 work '));
    try {
      for (const folder of [temp, runtime]) mkdirSync(folder, { mode: 0o700 });
      writeFileSync(join(work, 'paths.md'), '# Paths\n\n```bash\npwd; echo made > here && echo "wrote here"; echo pwned > /usr/marker; echo pwned > /marker\nwhile read -r line; do echo "mount: $line"; done < /proc/self/mountinfo\n```\n');
      writeFileSync(join(work, 'paths.s.scenario.yaml'), 'scenario: s\nrunbook: ./paths.md\ncommands:\n  - run: nothing *\n');
      const result = spawnSync(process.execPath, [cliPath(), 'run', 'paths.md', '--rehearse', 'paths.s.scenario.yaml', '--yes', '--no-journal'], {
        cwd: work,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1', TMPDIR: temp, XDG_RUNTIME_DIR: runtime },
      });
      const output = result.stdout + result.stderr;
      expect(output).toContain(`\n${work}\nwrote here\n`);
      expect(output).toContain('/usr/marker: Read-only file system');
      expect(output).toContain('/marker: Read-only file system');
      expect(readdirSync(work).sort(), output).toEqual(['paths.md', 'paths.s.scenario.yaml']);
      expect(existsSync('/usr/marker')).toBe(false);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('fstabField', () => {
  it('writes space, tab, newline and backslash as fstab(5) octal escapes, and nothing else', () => {
    expect(fstabField('/a b\tc\nd\\e/ü')).toBe('/a\\040b\\011c\\012d\\134e/ü');
  });
});
