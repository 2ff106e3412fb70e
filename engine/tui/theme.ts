import type { StepState } from './tui-state.js';

/** Colours by meaning; all undefined with NO_COLOR / --no-color (icons and words carry the meaning). */
export interface Theme {
  noColor: boolean;
  accent?: string;
  danger?: string;
  ok?: string;
  warn?: string;
  muted?: string;
  live?: string;
  rehearsal?: string;
}

export function createTheme(noColor: boolean): Theme {
  if (noColor) return { noColor };
  return { noColor, accent: 'cyan', danger: 'red', ok: 'green', warn: 'yellow', muted: 'gray', live: 'red', rehearsal: 'magenta' };
}

export const STATE_ICONS: Record<StepState, string> = {
  pending: '○',
  running: '▶',
  passed: '✔',
  failed: '✘',
  handled: '↳',
  skipped: '↷',
  'not-taken': '–',
  interrupted: '⏸',
  'not-reached': '·',
};

/** The word beside each symbol (status line, help, follow). */
export const STATE_WORDS: Record<StepState, string> = {
  pending: 'not run yet',
  running: 'running',
  passed: 'passed',
  failed: 'failed',
  handled: 'handled by a branch',
  skipped: 'skipped',
  'not-taken': 'not taken',
  interrupted: 'interrupted',
  'not-reached': 'not reached',
};

export function stateColor(theme: Theme, state: StepState): string | undefined {
  switch (state) {
    case 'passed':
      return theme.ok;
    case 'failed':
    case 'interrupted':
      return theme.danger;
    case 'handled':
      return theme.warn;
    case 'running':
      return theme.accent;
    case 'skipped':
      return theme.warn;
    default:
      return theme.muted;
  }
}
