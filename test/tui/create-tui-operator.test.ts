import { describe, expect, it } from 'vitest';
import { createRunStore, type RunStore } from '../../engine/tui/create-run-store.js';
import { createTuiOperator, type TuiOperator } from '../../engine/tui/create-tui-operator.js';
import { initialTuiState } from '../../engine/tui/run-reducer.js';
import { graph } from './tui-fixtures.js';

function setup(resumeAt?: string): { store: RunStore; operator: TuiOperator } {
  let operator: TuiOperator | undefined;
  const store = createRunStore(initialTuiState(graph(), 'live'), {
    onEffect: (effect) => {
      if (effect.kind === 'answer') operator!.settle(effect.promptId, effect.value);
      if (effect.kind === 'quit') operator!.leave();
    },
  });
  operator = createTuiOperator(store, { mask: (text) => text.replaceAll('hunter2', '••••'), resumeAt, withTerminal: (run) => run() });
  return { store, operator };
}

const steps = graph().steps;
const [pods, , , restart] = steps as [typeof steps[0], typeof steps[0], typeof steps[0], typeof steps[0]];

describe('createTuiOperator', () => {
  it('turns each question into a prompt answered by keys', async () => {
    const { store, operator } = setup();
    const before = operator.beforeStep!(pods, 'echo hunter2');
    expect(store.getState().prompt).toMatchObject({ kind: 'before-step', stepId: 'pods', command: 'echo ••••', resumed: false });
    store.dispatch({ type: 'key', input: 's', key: {} });
    await expect(before).resolves.toEqual({ action: 'skip' });

    const confirmed = operator.confirm(restart, 'restart agent');
    for (const char of 'restart agent') store.dispatch({ type: 'key', input: char, key: {} });
    store.dispatch({ type: 'key', input: '', key: { return: true } });
    await expect(confirmed).resolves.toBe(true);
  });

  it('says when the step to run is the one a resumed run was interrupted in', async () => {
    const { store, operator } = setup('pods');
    void operator.beforeStep!(pods, 'echo');
    expect(store.getState().prompt).toMatchObject({ resumed: true });
  });

  it('goes on at once after steps without branches', async () => {
    const { store, operator } = setup();
    await expect(operator.overrideBranch!(restart, 'x', 'exit 0')).resolves.toBe('x');
    expect(store.getState().prompt).toBeUndefined();
  });

  it('when the operator leaves: a waiting step prompt quits, other questions are refused', async () => {
    const { store, operator } = setup();
    const before = operator.beforeStep!(pods, 'echo');
    store.dispatch({ type: 'key', input: 'q', key: {} });
    await expect(before).resolves.toEqual({ action: 'quit' });
    await expect(operator.input('TOKEN', { secret: true, stepId: 'pods' })).rejects.toThrow('The operator left the run');
  });
});
