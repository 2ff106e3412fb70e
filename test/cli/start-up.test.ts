import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binFlags } from '../../scripts/bin-flags.mjs';
import { cliPath, repoRoot } from './run-cli.js';

// The CLI starts from the V8 code cache the build made (scripts/start.js); these run the real
// bin the way an installed `runbook` runs, and ask the loader what V8 did with the cache.
const runbook = join(repoRoot, 'runbooks', '2389-agent', 'agent-not-responding.md');
const env = { ...process.env, NO_COLOR: '1', RUNBOOK_DEBUG_CODE_CACHE: '1' };
const scratch = mkdtempSync(join(tmpdir(), 'runbook-start-up-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('start-up from the code cache', () => {
  it('takes the cache when started by its bin (the flags the cache was made with)', () => {
    const result = spawnSync(cliPath, ['check', runbook], { encoding: 'utf8', env });
    expect(result.stderr).toContain('runbook: code cache accepted');
    expect(result.status).toBe(0);
  });

  it('takes the cache when started as `node bin/runbook.js`, without the flags (start.cjs sets them)', () => {
    const result = spawnSync(process.execPath, [cliPath, 'check', runbook], { encoding: 'utf8', env });
    expect(result.stderr).toContain('runbook: code cache accepted');
    expect(result.status).toBe(0);
  });

  it('still runs, compiling as usual, when V8 rejects the cache (other flags)', () => {
    const result = spawnSync(process.execPath, ['--max-old-space-size=300', cliPath, 'check', runbook], { encoding: 'utf8', env });
    expect(result.stderr).toContain('runbook: code cache rejected');
    expect(result.stderr).toContain('1 file checked, no problems');
    expect(result.status).toBe(0);
  });

  it('never takes the cache of another build', () => {
    const dist = join(scratch, 'dist');
    cpSync(join(repoRoot, 'dist'), dist, { recursive: true });
    writeFileSync(join(scratch, 'package.json'), '{"type":"module"}\n');
    const bundle = join(dist, 'runbook.cjs');
    const source = readFileSync(bundle, 'utf8');
    const id = /^\/\/ runbook build ([a-z0-9]+)\n/.exec(source)![1]!;
    expect(readdirSync(dist)).toContain(`runbook.${id}.cache`);
    // Same length, another id: as if the bundle were rebuilt and the old cache left behind.
    writeFileSync(bundle, source.replace(id, id.replace(/./, (c) => (c === 'z' ? 'y' : 'z'))));
    const result = spawnSync(process.execPath, [...binFlags(repoRoot), join(dist, 'runbook.js'), 'check', runbook], { encoding: 'utf8', env });
    expect(result.stderr).toContain('runbook: code cache none');
    expect(result.status).toBe(0);
  });
});
