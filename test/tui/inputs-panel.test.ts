// The inputs panel (i) and input prompts that say where an input is used.
import { describe, expect, it } from 'vitest';
import type { StepGraph } from '../../engine/contracts/step-graph.js';
import { createRunStore } from '../../engine/tui/create-run-store.js';
import { createTuiOperator } from '../../engine/tui/create-tui-operator.js';
import { inputLines } from '../../engine/tui/input-lines.js';
import { inputSources } from '../../engine/tui/input-sources.js';
import { initialTuiState, runReducer } from '../../engine/tui/run-reducer.js';
import { at, graph as baseGraph } from './tui-fixtures.js';

function graph(): StepGraph {
  const base = baseGraph();
  base.steps[0] = { ...base.steps[0]!, command: 'virsh start <vm-name> --console "$NAMESPACE"', uses: ['VM_NAME', 'NAMESPACE'], title: 'Start the VM' };
  base.settings.inputs = {
    NAMESPACE: { name: 'NAMESPACE', default: 'agents', description: 'where the agent runs', secret: false },
    DB_PASSWORD: { name: 'DB_PASSWORD', secret: true },
  };
  return base;
}

describe('the inputs panel', () => {
  it('shows every input: value (secrets masked), where it comes from, where it is used', () => {
    let state = initialTuiState(graph(), 'live');
    state = runReducer(state, { type: 'event', event: { type: 'run-started', time: at(0), runId: 'r', runbook: 'x.md', sha256: '', title: 't', mode: 'live', inputs: { NAMESPACE: 'agents' } } });
    state = runReducer(state, { type: 'event', event: { type: 'input', time: at(1), name: 'DB_PASSWORD', secret: true, source: 'prompt' } });
    const text = inputLines(graph(), state, (value) => value, 80).join('\n');
    expect(text).toContain('NAMESPACE = agents\n  from: the declared default');
    expect(text).toContain('  declared: where the agent runs\n  used by "Start the VM" (line 1) as $NAMESPACE');
    expect(text).toContain('DB_PASSWORD = ••••••\n  from: typed by the operator\n  declared secret');
    expect(text).toContain('VM_NAME = not set yet (asked before the step that needs it)\n  from: not given\n  used by "Start the VM" (line 1) as <vm-name>');
  });

  it('an input prompt says the placeholder as written and the step that needs it', () => {
    const store = createRunStore(initialTuiState(graph(), 'live'));
    const operator = createTuiOperator(store, { mask: (text) => text, withTerminal: (run) => run(), graph: graph() });
    const asked = operator.input('VM_NAME', { secret: false, stepId: 'pods' });
    asked.catch(() => undefined);
    expect(store.getState().prompt).toMatchObject({ kind: 'input', name: 'VM_NAME', context: '<vm-name> for "Start the VM" (line 1)' });
    operator.leave();
    store.close();
  });
});

describe('where inputs given at the start come from', () => {
  it('the scenario, the alert, --input (which wins); the same value as the alert is the alert', () => {
    expect(inputSources({ flags: { A: '1', B: '2', C: 'x' }, scenario: { S: 's', A: '0' }, alert: { B: '2', C: 'y' } })).toEqual({
      S: "the scenario's inputs",
      A: '--input',
      B: "the alert's labels (--alert)",
      C: '--input',
    });
  });

  it('the panel says so; without a known source, a value equal to the declared default is the default', () => {
    let state = initialTuiState(graph(), 'rehearsal', { inputSources: { DB_PASSWORD: "the scenario's inputs" } });
    state = runReducer(state, { type: 'event', event: { type: 'run-started', time: at(0), runId: 'r', runbook: 'x.md', sha256: '', title: 't', mode: 'rehearsal', inputs: { NAMESPACE: 'agents', DB_PASSWORD: 'x', OTHER: 'y' } } });
    expect(state.inputs.DB_PASSWORD?.source).toBe("the scenario's inputs");
    expect(state.inputs.NAMESPACE?.source).toBe('the declared default');
    expect(state.inputs.OTHER?.source).toBe('given at the start: --input');
  });
});
