import { expect, it } from 'vitest';
import type { RunControls } from '../../engine/contracts/run-seams.js';
import { makeGraph, makeStep, runAll } from './helpers.js';

it('records an operator note, taken while a step runs, as a note event in the stream', async () => {
  const controls: RunControls = {};
  const graph = makeGraph([makeStep({ id: 'wait', command: 'sleep 0.3; echo done' })]);
  const pending = runAll({ graph, controls });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(controls.note).toBeTypeOf('function');
  controls.note!('restarted the broker by hand at 03:12', 'wait');
  const events = await pending;
  const note = events.find((event) => event.type === 'note');
  expect(note).toMatchObject({ type: 'note', stepId: 'wait', text: 'restarted the broker by hand at 03:12' });
  expect(events.findIndex((event) => event.type === 'note')).toBeLessThan(events.findIndex((event) => event.type === 'run-finished'));
});
