import { describe, expect, it } from 'vitest';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import { makeStep } from './helpers.js';

const ask = makeStep({
  id: 'q',
  kind: 'ask',
  ask: { question: 'Up?', choices: [{ label: 'Yes', target: { kind: 'next' }, raw: 'next' }, { label: 'No', target: { kind: 'next' }, raw: 'next' }] },
});
const danger = makeStep({ id: 'd', command: 'rm -rf /tmp/x', confirm: 'yes' });
const manual = makeStep({ id: 'm', kind: 'manual', manual: 'Page someone' });

describe('createUnattendedOperator', () => {
  it('answers inputs from flags and refuses the rest naming the flag', async () => {
    const operator = createUnattendedOperator({ inputs: { A: '1' }, answers: {}, mode: 'live' });
    expect(operator.kind).toBe('unattended');
    await expect(operator.input('A', { secret: false, stepId: 's' })).resolves.toBe('1');
    await expect(operator.input('B', { secret: true, stepId: 's' })).rejects.toThrow('Input `B` (step `s`) is missing: pass --input B=…');
  });

  it('confirms live only with the phrase, always in rehearsal', async () => {
    const live = createUnattendedOperator({ inputs: {}, answers: { d: ' YES ' }, mode: 'live' });
    await expect(live.confirm(danger, 'yes')).resolves.toBe(true);
    await expect(createUnattendedOperator({ inputs: {}, answers: { d: 'no' }, mode: 'live' }).confirm(danger, 'yes')).resolves.toBe(false);
    await expect(createUnattendedOperator({ inputs: {}, answers: {}, mode: 'rehearsal' }).confirm(danger, 'yes')).resolves.toBe(true);
  });

  it('answers ask steps with a choice label, case-insensitively', async () => {
    await expect(createUnattendedOperator({ inputs: {}, answers: { q: 'no' }, mode: 'live' }).ask(ask)).resolves.toBe('No');
    await expect(createUnattendedOperator({ inputs: {}, answers: { q: 'perhaps' }, mode: 'live' }).ask(ask)).rejects.toThrow('Answer `perhaps` to `q` is not one of `Yes`, `No`');
    await expect(createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }).ask(ask)).rejects.toThrow('pass --answer q=CHOICE');
  });

  it('takes manual steps as done unless answered otherwise', async () => {
    await expect(createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }).manual(manual)).resolves.toBe(true);
    await expect(createUnattendedOperator({ inputs: {}, answers: { m: 'Done' }, mode: 'live' }).manual(manual)).resolves.toBe(true);
    await expect(createUnattendedOperator({ inputs: {}, answers: { m: 'no' }, mode: 'live' }).manual(manual)).resolves.toBe(false);
  });
});
