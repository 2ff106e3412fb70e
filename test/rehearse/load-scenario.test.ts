import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/rehearse/load-scenario.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const invalid = join(fixtures, 'invalid');

describe('loadScenario', () => {
  it('loads a valid scenario: state, rules, durations, hints, answers', async () => {
    const loaded = await loadScenario(join(fixtures, 'agent', 'agent-down.crashloop.scenario.yaml'));
    expect(loaded.file.messages.map(String)).toEqual([]);
    expect(loaded.ok).toBe(true);
    const scenario = loaded.scenario!;
    expect(scenario.name).toBe('crashloop');
    expect(scenario.state).toEqual({ state: 'broken' });
    expect(scenario.rules.map((rule) => [rule.run, rule.when, rule.set])).toEqual([
      ['kubectl get pods *', { state: ['broken'] }, {}],
      ['kubectl rollout restart deployment/agent *', {}, { state: 'fixed' }],
      ['kubectl get pods *', { state: ['fixed'] }, {}],
    ]);
    expect(scenario.rules[1]!.stdout).toBe('deployment.apps/agent restarted\n');
    expect(scenario.goal).toEqual({ reach: 'verify', outcome: 'resolved', withinMs: 15 * 60_000 });
    expect(scenario.hints).toEqual([{ afterMs: 0, text: 'Read the logs of the previous container.' }]);
    expect(scenario.answers).toEqual({ 'is-config': 'Yes' });
    expect(scenario.runbook).toBe(join(fixtures, 'agent', 'agent-down.md'));
  });

  // Each invalid fixture's messages, as `vfile` prints them (UPDATE=1 rewrites the .messages.txt files).
  for (const name of readdirSync(invalid).filter((entry) => entry.endsWith('.scenario.yaml'))) {
    it(`reports ${name} at the YAML node`, async () => {
      const path = join(invalid, name);
      const loaded = await loadScenario(relative(process.cwd(), path));
      expect(loaded.ok).toBe(false);
      expect(loaded.scenario).toBeUndefined();
      const text = loaded.file.messages.map((m) => `${m.fatal ? 'error' : 'warning'} ${String(m)}`).join('\n') + '\n';
      const expected = path.replace(/\.scenario\.yaml$/, '.messages.txt');
      if (process.env.UPDATE || !existsSync(expected)) writeFileSync(expected, text);
      expect(text).toBe(readFileSync(expected, 'utf8'));
      expect(text).not.toMatch(/:1:1[-:]/);
    });
  }

  it('warns when the scenario is written for another runbook than the one given', async () => {
    const { loadRunbook } = await import('../../engine/check/load-runbook.js');
    const { graph } = await loadRunbook(join(fixtures, 'invalid', '..', 'agent', 'agent-down.md'));
    const other = { ...graph!, file: join(fixtures, 'other.md') };
    const loaded = await loadScenario(join(fixtures, 'agent', 'agent-down.crashloop.scenario.yaml'), { graph: other });
    expect(loaded.ok).toBe(true);
    expect(loaded.file.messages.map((m) => m.reason)).toEqual(['Unexpected runbook: this scenario is written for `./agent-down.md`, not other.md']);
    expect(loaded.file.messages[0]!.fatal).toBe(false);
  });

  it('reports a missing file', async () => {
    const loaded = await loadScenario(join(invalid, 'nope.scenario.yaml'));
    expect(loaded.ok).toBe(false);
    expect(loaded.file.messages.map((m) => m.reason)).toEqual(['Cannot read scenario: no such file']);
  });
});
