/**
 * The session state a command left (its `export -p` and `$PWD`), as the environment the next
 * command gets. Variables bash sets for itself are not carried; names bash cannot hold pass through.
 */
import type { ShellState } from '../../contracts/run-event.js';
import { parseExportP } from './parse-export-p.js';

/**
 * Set by bash for itself, or by the runner for one step only (the step token of
 * terminate/environ-fences.ts): carried from before the command, never from it.
 */
const SHELL_OWN = new Set(['SHLVL', '_', 'RUNBOOK_STEP_TOKEN']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The last `export -p` read, and what it said: most steps leave the environment as it was. */
let last: { text: string; exported: Record<string, string> } | undefined;

export function readShellState(exportText: string, cwd: string, before: Record<string, string>): ShellState {
  if (last?.text !== exportText) last = { text: exportText, exported: parseExportP(exportText) };
  const exported = last.exported;
  const env: Record<string, string> = {};
  for (const name in before) {
    if (!IDENTIFIER.test(name)) env[name] = before[name]!;
  }
  for (const name in exported) {
    if (SHELL_OWN.has(name)) {
      if (before[name] !== undefined) env[name] = before[name]!;
    } else env[name] = exported[name]!;
  }
  for (const name of SHELL_OWN) if (before[name] !== undefined) env[name] = before[name]!;
  return { env, cwd };
}
