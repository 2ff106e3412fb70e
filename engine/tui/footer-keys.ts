import type { TuiState } from './tui-state.js';

export type KeyHint = readonly [key: string, label: string];

/** Every key, for the `?` help screen. */
export const HELP_KEYS: readonly KeyHint[] = [
  ['Enter', 'run the step shown (or accept the choice)'],
  ['e', 'edit the command before it runs (recorded; Ctrl-O: $EDITOR)'],
  ['s', 'skip the step'],
  ['r', 'retry a failed step'],
  ['g', 'go to any step (type to filter, ↑↓, Enter)'],
  ['n', 'add a note to the run journal'],
  ['v', "the step whole, full-screen: prose, command, checks (expected and came, diffs), captures"],
  ['o', 'all of the output in $PAGER (the built-in reader without one)'],
  ['l', 'the outline (every step and its state), full-screen'],
  ['i', 'every input: value (secrets masked), where it comes from; Enter changes one'],
  ['t', 'type to the running step (its terminal); Ctrl-] gives the keys back'],
  ['↑↓ PgUp PgDn Home', 'scroll the output (Home: its first line); End follows it again'],
  ['Ctrl-C', 'stop the running step (its whole process tree)'],
  ['Ctrl-C twice, q', 'leave; `runbook resume` continues the run'],
  ['Esc', 'close, cancel an edit, refuse a dangerous step'],
  ['?', 'this help'],
];

/** Hints dropped first when the footer is too narrow for all of them (the prompt row repeats e, s, g). */
const DROP_FIRST = ['n', 'shorter labels', 'PgUp/PgDn', 'e', 'g', 's', 'Esc'];

/** Shorter labels, used before any hint is dropped. */
const SHORT: Record<string, string> = { 'type to the step': 'type', 'stop step': 'stop', 'pick another': 'other', 'give them back': 'back', 'go to the step': 'to the step' };

/**
 * The keys that do something now, as many as fit `columns`: below the width that shows the
 * outline, `l` (the outline) is one of them; the least needed are dropped first, never `l`, `?`, `q`.
 */
export function footerKeys(state: TuiState, columns = Number.MAX_SAFE_INTEGER, outlineShown = true): KeyHint[] {
  let keys = allFooterKeys(state);
  if (!outlineShown && state.overlay.kind === 'none' && keys.some(([key]) => key === '?')) {
    const at = keys.findIndex(([key]) => key === 'n' || key === '?');
    keys = [...keys.slice(0, at), ['l', 'outline'], ...keys.slice(at)];
  }
  for (const drop of DROP_FIRST) {
    if (hintsWidth(keys) <= columns) break;
    if (drop === 'shorter labels') keys = keys.map(([key, label]) => [key, SHORT[label] ?? label] as const);
    else keys = keys.filter(([key]) => key !== drop);
  }
  return keys;
}

/** Columns the footer takes: `key label` separated by two spaces. */
export function hintsWidth(keys: readonly KeyHint[]): number {
  return keys.reduce((sum, [key, label], index) => sum + (index > 0 ? 2 : 0) + key.length + (label ? label.length + 1 : 0), 0);
}

function allFooterKeys(state: TuiState): KeyHint[] {
  const overlay = state.overlay.kind;
  if (overlay === 'help') return [['any key', 'close help']];
  if (overlay === 'outline') return [['any key', 'close the outline']];
  if (overlay === 'reader') return [['↑↓ PgUp PgDn', 'scroll'], ['Home End', 'top, bottom'], ['Esc', 'close']];
  if (overlay === 'goto') return [['type', 'filter'], ['↑↓', 'select'], ['Enter', 'go'], ['Esc', 'cancel']];
  if (overlay === 'inputs') {
    if (state.overlay.kind === 'inputs' && state.overlay.edit) {
      return state.overlay.edit.choices ? [['↑↓', 'pick'], ['Enter', 'change'], ['Esc', 'cancel']] : [['Enter', 'change'], ['Ctrl-U', 'clear'], ['Esc', 'cancel']];
    }
    return [['↑↓', 'select'], ['Enter', 'change'], ['Esc', 'close']];
  }
  if (overlay === 'note') return [['Enter', 'save note'], ['Esc', 'cancel']];
  if (overlay === 'edit') return [['Enter', 'run as edited'], ['←→', 'move'], ['Ctrl-U', 'clear'], ['Ctrl-O', '$EDITOR'], ['Esc', 'cancel']];
  if (state.outcome !== undefined) return [];
  const common: KeyHint[] = [['n', 'note'], ['?', 'help'], ['q', 'quit']];
  switch (state.prompt?.kind) {
    case 'before-step':
      return [['Enter', 'run'], ['e', 'edit'], ['s', 'skip'], ['g', 'go to'], ...common];
    case 'input':
      return state.prompt.choices ? [['↑↓', 'pick'], ['Enter', 'submit'], ['Esc', 'clear'], ['Ctrl-C ×2', 'leave']] : [['Enter', 'submit'], ['Esc', 'clear'], ['Ctrl-C ×2', 'leave']];
    case 'confirm':
      return [['type the phrase', ''], ['Enter', 'run'], ['Esc', 'refuse'], ['Ctrl-C ×2', 'leave']];
    case 'ask':
    case 'manual':
      return [['↑↓ 1-9', 'choose'], ['Enter', 'confirm'], ...common];
    case 'refused':
      return [['s', 'skip'], ['g', 'go to'], ['x', 'stop'], ...common];
    case 'after-failure':
      return [['r', 'retry'], ['s', 'skip'], ['g', 'go to'], ['x', 'stop'], ...common];
    case 'override-branch':
      return [['Enter', 'follow'], ['g', 'pick another'], ...common];
    case undefined:
      if (state.pty?.typing) return [['keys', 'go to the step'], ['Ctrl-]', 'give them back'], ['Ctrl-C', 'stop step'], ['PgUp/PgDn', 'scroll']];
      if (state.pty && state.running) return [['t', 'type to the step'], ['Ctrl-C', 'stop step'], ['PgUp/PgDn', 'scroll'], ...common];
      return state.running ? [['Ctrl-C', 'stop step'], ['PgUp/PgDn', 'scroll'], ...common] : common;
  }
}
