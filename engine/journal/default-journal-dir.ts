import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where run journals go by default: `$XDG_STATE_HOME/runbook`, else `~/.local/state/runbook` (SPEC §4). */
export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME;
  if (state && state.startsWith('/')) return join(state, 'runbook');
  return join(env.HOME || homedir(), '.local', 'state', 'runbook');
}
