import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario, listScenarios } from '../../engine/rehearse/find-scenario.js';

describe('findScenario', () => {
  let dir: string;
  let runbook: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-find-'));
    runbook = join(dir, 'agent.md');
    mkdirSync(join(dir, 'scenarios'));
    for (const name of ['agent.crashloop.scenario.yaml', 'shared.scenario.yaml', 'other.broker.scenario.yaml', 'scenarios/disk-full.scenario.yaml', 'agent.md']) {
      writeFileSync(join(dir, name), '');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a path as it is', () => {
    expect(findScenario(runbook, join(dir, 'shared.scenario.yaml'))).toBe(join(dir, 'shared.scenario.yaml'));
  });

  it('finds a name beside the runbook: <runbook>.<name>, <name>, then scenarios/', () => {
    expect(findScenario(runbook, 'crashloop')).toBe(join(dir, 'agent.crashloop.scenario.yaml'));
    expect(findScenario(runbook, 'shared')).toBe(join(dir, 'shared.scenario.yaml'));
    expect(findScenario(runbook, 'disk-full')).toBe(join(dir, 'scenarios', 'disk-full.scenario.yaml'));
  });

  it('names what it looked for and what is available', () => {
    expect(() => findScenario(runbook, 'broker')).toThrow(/no scenario `broker` for .*agent\.md \(looked for .*agent\.broker\.scenario\.yaml, .*\); available: crashloop, shared, disk-full$/);
    expect(() => findScenario(runbook, './missing.scenario.yaml')).toThrow('scenario file `./missing.scenario.yaml` does not exist');
    expect(listScenarios(runbook).map((s) => s.name)).toEqual(['crashloop', 'shared', 'disk-full']);
  });
});
