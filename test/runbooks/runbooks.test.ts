import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot, runCli, runbookFiles, scenarioFiles } from './runbook-files.js';
import { tempDir } from '../helpers-temp.js';

/** A message as vfile-reporter prints it: a place (`3:1` or `3:1-4:2`) then a severity. */
const MESSAGE = /\d+:\d+(?:-\d+:\d+)?\s+(?:error|warning|info)\b/i;

describe('runbooks/', () => {
  it('holds runbooks for every seed system', () => {
    const systems = new Set(runbookFiles().map((file) => file.split('/')[1]));
    for (const system of ['2389-agent', 'nimbus']) expect(systems).toContain(system);
  });

  it('passes `runbook check` with no message at all, not even a warning', async () => {
    const result = await runCli(['check', 'runbooks/']);
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(MESSAGE);
    expect(output).not.toMatch(/\b(?:warning|error)s?\b/i);
    expect(result.code, output).toBe(0);
  });

  it('would be caught by `runbook check` if a runbook broke (the check above is not vacuous)', async () => {
    const dir = tempDir('runbooks-broken-');
    cpSync(join(repoRoot, 'runbooks', '2389-agent'), join(dir, '2389-agent'), { recursive: true });
    const file = join(dir, '2389-agent', 'agent-not-responding.md');
    const text = readFileSync(file, 'utf8');
    const broken = text.replace('goto: health-checks', 'goto: no-such-step');
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    const result = await runCli(['check', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('agent-not-responding.md');
    expect(result.stdout + result.stderr).toContain('no-such-step');
  });
});

describe('scenario layout', () => {
  const scenarios = scenarioFiles();

  it('gives every runbook at least two scenarios', () => {
    for (const runbook of runbookFiles()) {
      const stem = basename(runbook, '.md');
      const own = scenarios.filter((s) => dirname(s) === dirname(runbook) && basename(s).startsWith(`${stem}.`));
      expect(own.length, `${runbook} has ${own.length} scenario(s)`).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(scenarios)('%s is named <procedure>.<scenario>.scenario.yaml and points at its runbook', (path) => {
    const data = parseYaml(readFileSync(join(repoRoot, path), 'utf8')) as Record<string, unknown>;
    const [procedure, name] = basename(path, '.scenario.yaml').split('.');
    expect(data.scenario).toBe(name);
    expect(data.runbook).toBe(`./${procedure}.md`);
    expect(existsSync(join(repoRoot, dirname(path), `${procedure}.md`))).toBe(true);
    expect(data.goal).toMatchObject({ reach: expect.any(String), outcome: expect.stringMatching(/^[a-z][a-z-]*$/) });
    expect(typeof data.summary).toBe('string');
    const hints = data.hints as unknown[];
    expect(hints.length).toBeGreaterThanOrEqual(1);
    expect(hints.length).toBeLessThanOrEqual(3);
  });
});
