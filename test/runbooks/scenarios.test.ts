import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createLimiter, repoRoot, runCli, scenarioFiles, type CliResult } from './runbook-files.js';
import { sampleByGroup, SWEEP_ALL } from '../sweep.js';

/** Secret inputs the scenarios carry (made-up values): they must never show up in any output. */
const secretInputs = ['ADMIN_JWT'];
/** Secret values the scenarios' simulated commands print (captured with `secret:`): never shown, never journaled. */
const secretOutputs: Record<string, string[]> = {
  'runbooks/nimbus/rotate-agent-token.md': ['nmbs_at_5Qm2x9VdK0pLr7TzA1bYc3Ue', 'nmbs_at_9Hc1rT4wLq8ZpN2vXe6KsB0d'],
};

interface Scenario {
  path: string;
  name: string;
  runbook: string;
  goal: { reach: string; outcome: string };
  inputs: Record<string, string>;
}

function loadScenario(path: string): Scenario {
  const data = parseYaml(readFileSync(join(repoRoot, path), 'utf8')) as { scenario: string; runbook: string; goal: Scenario['goal']; inputs?: Record<string, string> };
  const runbook = join(dirname(path), data.runbook).split('\\').join('/');
  return { path, name: data.scenario, runbook, goal: data.goal, inputs: data.inputs ?? {} };
}

const journalDir = mkdtempSync(join(tmpdir(), 'runbooks-rehearsals-'));
const limit = createLimiter(2);

/** Rehearsals by their arguments: tests that check different things of the same rehearsal share one run. */
const rehearsals = new Map<string, Promise<CliResult>>();

function rehearse(scenario: Scenario, extra: string[] = [], json = true): Promise<CliResult> {
  // No --input: every scenario carries the inputs its runbook needs. `--fast`: rule delays, retry
  // delays and `sleep` a hundred times shorter.
  const args = ['run', scenario.runbook, '--rehearse', scenario.path, '--yes', '--fast', ...(json ? ['--json'] : []), '--journal', journalDir, ...extra];
  const key = JSON.stringify(args);
  let result = rehearsals.get(key);
  if (!result) rehearsals.set(key, (result = limit(() => runCli(args))));
  return result;
}

/** Parses `run --json` output: stdout carries exactly one JSON object. */
function summaryOf(result: CliResult): Record<string, any> {
  try {
    return JSON.parse(result.stdout) as Record<string, any>;
  } catch {
    throw new Error(`stdout is not one JSON object (exit ${result.code}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  }
}

const scenarios = scenarioFiles().map(loadScenario);
/** Every scenario under `RUNBOOK_SWEEP=all`; the first of each runbook otherwise (test/sweep.ts). */
const swept = sampleByGroup(scenarios, (scenario) => scenario.runbook);
/** What each rehearsal printed and journaled, for the secret checks below. */
const outputs = new Map<string, { text: string; journal: string }>();
/** Paths taken per runbook, to check that its scenarios exercise different branches. */
const pathsByRunbook = new Map<string, Map<string, string>>();

describe.concurrent(`${SWEEP_ALL ? 'every scenario' : 'a scenario of each runbook'} reaches its goal in an unattended rehearsal`, () => {
  it.each(swept.map((s) => [s.path, s] as const))('%s', async (_, scenario) => {
    const result = await rehearse(scenario);
    const summary = summaryOf(result);
    const context = `${scenario.path}: path ${JSON.stringify(summary.path)}, outcome ${summary.outcome}\n${summary.message ?? ''}\n${result.stderr}`;
    expect(summary.rehearsal?.goalReached, context).toBe(true);
    expect(summary.outcome, context).toBe(scenario.goal.outcome);
    expect(summary.path, context).toContain(scenario.goal.reach);
    expect(summary.rehearsal.wrongTurns, context).toEqual([]);
    // The scenario's own answers: the drill is its expected route, every step on it.
    expect(summary.rehearsal.expectedPath, context).toEqual(summary.path);
    expect(summary.rehearsal.stepsOnRoute, context).toBe(summary.path.length);
    // The goal reached exits 0, whatever the outcome word (`escalated`, `not-applied`…).
    expect(result.code, context).toBe(0);
    const journal = typeof summary.journal === 'string' ? readFileSync(summary.journal, 'utf8') : '';
    for (const name of secretInputs) {
      const secret = scenario.inputs[name];
      if (secret === undefined) continue;
      expect(result.stdout + result.stderr, `${name} reached the screen`).not.toContain(secret);
      expect(journal, `${name} reached the journal`).not.toContain(secret);
    }
    outputs.set(scenario.path, { text: result.stdout + result.stderr, journal });
    const paths = pathsByRunbook.get(scenario.runbook) ?? new Map<string, string>();
    paths.set(scenario.name, (summary.path as string[]).join(' → '));
    pathsByRunbook.set(scenario.runbook, paths);
  }, 180_000);
});

describe('captured secrets', () => {
  // A value captured with `secret:` (the rotated Nimbus token) is masked once captured, but it
  // must not show in clear even in the output of the step that printed it (SPEC §5).
  it.each(Object.entries(secretOutputs))('of %s never reach the screen or the journal', async (runbook, secrets) => {
    const own = scenarios.filter((s) => s.runbook === runbook);
    expect(own.length).toBeGreaterThan(0);
    for (const scenario of own) {
      let seen = outputs.get(scenario.path);
      if (!seen) {
        const result = await rehearse(scenario);
        seen = { text: result.stdout + result.stderr, journal: journalOf(result) };
      }
      for (const secret of secrets) {
        expect(seen.text, `${scenario.path}: the captured token reached the screen`).not.toContain(secret);
        expect(seen.journal, `${scenario.path}: the captured token reached the journal`).not.toContain(secret);
      }
    }
  }, 120_000);
});

function journalOf(result: CliResult): string {
  const path = summaryOf(result).journal;
  return typeof path === 'string' ? readFileSync(path, 'utf8') : '';
}

afterAll(() => {
  rmSync(journalDir, { recursive: true, force: true });
  // Scenarios of one runbook must take different branches (checked once all have run; a sample
  // of one per runbook has nothing to compare).
  for (const [runbook, paths] of pathsByRunbook) {
    if (paths.size < 2) continue;
    const distinct = new Set(paths.values());
    expect(distinct.size, `${runbook}: scenarios ${[...paths.keys()].join(', ')} take the same path`).toBe(paths.size);
  }
});

describe('a wrong turn is reported', () => {
  const crashloop = scenarios.find((s) => s.path === 'runbooks/2389-agent/agent-not-responding.crashloop.scenario.yaml');
  const wrongAnswer = ['--answer', 'decide-rollback=No, the timing does not match'];

  it('the crashloop scenario exists (it is the README quick start)', () => {
    expect(crashloop?.name).toBe('crashloop');
  });

  it('--json: goalReached is false and wrongTurns names the step', async () => {
    const result = await rehearse(crashloop!, wrongAnswer);
    const summary = summaryOf(result);
    expect(summary.outcome).toBe('escalated');
    expect(summary.path).not.toContain('agent-healthy');
    expect(summary.rehearsal.goalReached).toBe(false);
    expect(summary.rehearsal.wrongTurns.length).toBeGreaterThan(0);
    expect(JSON.stringify(summary.rehearsal.wrongTurns)).toContain('decide-rollback');
    expect(result.code).toBe(1);
  }, 60_000);

  it('plain text: the debrief names the wrong turn', async () => {
    const result = await rehearse(crashloop!, wrongAnswer, false);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/wrong turn/i);
    expect(output).toContain('decide-rollback');
    expect(output).toContain('escalated');
    expect(result.code).toBe(1);
  }, 60_000);
});

describe('expected routes and exit codes of drills', () => {
  const find = (path: string): Scenario => scenarios.find((s) => s.path === path)!;
  it.each([
    ['runbooks/2389-agent/agent-not-responding.crashloop.scenario.yaml', ['pod-status', 'crashing-pod', 'crashloop', 'rollout-history', 'decide-rollback', 'rollback', 'wait-rollout', 'agent-healthy']],
    ['runbooks/nimbus/rotate-agent-token.rate-limited.scenario.yaml', ['list-tokens', 'rotate', 'wait-window', 'rotate-again', 'distribute', 'verify']],
    ['runbooks/aos/database-connections.too-many-connections.scenario.yaml', ['db-probe', 'connection-states', 'judge-connections', 'restart-pgbouncer', 'probe-after-pgbouncer']],
  ])('%s: the expected route is the scenario’s own', async (path, route) => {
    const scenario = find(path);
    const result = await rehearse(scenario);
    expect(summaryOf(result).rehearsal.expectedPath).toEqual(route);
  }, 120_000);

  it('the crashloop drill answered wrong: the expected route comes from a dry rehearsal, the wrong turn says what it did', async () => {
    const result = await rehearse(find('runbooks/2389-agent/agent-not-responding.crashloop.scenario.yaml'), ['--answer', 'decide-rollback=No, the timing does not match']);
    const summary = summaryOf(result);
    expect(summary.rehearsal.expectedPath).toContain('rollback');
    expect(summary.rehearsal.wrongTurns).toMatchObject([{ kind: 'answered', stepId: 'decide-rollback', expected: 'rollback' }]);
    expect(result.code).toBe(1);
  }, 120_000);

  it('a goal missed with the outcome `resolved` exits 1, and the summary line says so first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-missed-'));
    try {
      const original = readFileSync(join(repoRoot, 'runbooks/caxton/network-partition.split-brain.scenario.yaml'), 'utf8');
      const path = join(dir, 'missed.scenario.yaml');
      writeFileSync(path, original.replace(/^runbook: .*$/m, `runbook: ${join(repoRoot, 'runbooks/caxton/network-partition.md')}`).replace(/reach: verify-after-resolve/, 'reach: no-partition'));
      const result = await limit(() => runCli(['run', 'runbooks/caxton/network-partition.md', '--rehearse', path, '--yes', '--fast', '--no-journal']));
      expect(result.stdout).toMatch(/\ngoal missed — outcome: resolved/);
      expect(result.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
