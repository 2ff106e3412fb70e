// The footer's key hints: as many as fit, `l` (the outline) among them when the outline is hidden.
import { describe, expect, it } from 'vitest';
import { footerKeys, hintsWidth } from '../../engine/tui/footer-keys.js';
import { initialTuiState } from '../../engine/tui/run-reducer.js';
import type { PromptRequest, TuiState } from '../../engine/tui/tui-state.js';
import { graph } from './tui-fixtures.js';

const prompts: PromptRequest[] = [
  { kind: 'before-step', id: 1, stepId: 'pods', command: 'kubectl get pods' },
  { kind: 'after-failure', id: 1, stepId: 'pods' },
  { kind: 'override-branch', id: 1, stepId: 'pods', chosen: 'crashloop', reason: 'stdout matched' },
  { kind: 'ask', id: 1, stepId: 'pods', question: 'Up?', choices: ['Yes', 'No'] },
];

function withPrompt(request: PromptRequest): TuiState {
  const state = initialTuiState(graph(), 'live');
  return { ...state, prompt: request.kind === 'ask' ? { ...request, selected: 0 } : request.kind === 'after-failure' ? { ...request, selected: 0 } : request.kind === 'before-step' ? { ...request, resumed: false } : request } as TuiState;
}

describe('footer keys', () => {
  it.each(prompts.map((prompt) => [prompt.kind, prompt] as const))('at 60 columns without the outline (%s): they fit, with l, ? and q', (_kind, prompt) => {
    const keys = footerKeys(withPrompt(prompt), 60, false);
    expect(hintsWidth(keys)).toBeLessThanOrEqual(60);
    expect(keys.map(([key]) => key)).toEqual(expect.arrayContaining(['l', '?', 'q']));
  });

  it('the before-step prompt at 60 columns drops the note and edit hints (the prompt row says e, s, g)', () => {
    expect(footerKeys(withPrompt(prompts[0]!), 60, false).map(([key, label]) => `${key} ${label}`).join('  ')).toBe('Enter run  s skip  g go to  l outline  ? help  q quit');
  });

  it('beside the outline, at 80 columns, nothing is dropped and l is not added', () => {
    const keys = footerKeys(withPrompt(prompts[0]!), 80, true).map(([key]) => key);
    expect(keys).toEqual(['Enter', 'e', 's', 'g', 'n', '?', 'q']);
  });

  it('while a step runs in its terminal at 60 columns: shorter labels first, so t (type to it) stays', () => {
    const state: TuiState = { ...initialTuiState(graph(), 'live'), running: true, pty: { stepId: 'pods', live: [], typing: false } };
    const keys = footerKeys(state, 60, false);
    expect(hintsWidth(keys)).toBeLessThanOrEqual(60);
    expect(keys.map(([key, label]) => `${key} ${label}`).join('  ')).toBe('t type  Ctrl-C stop  l outline  ? help  q quit');
  });
});
