import { readFileSync } from 'node:fs';
import { AlertError, readAlert } from '../alert/read-alert.js';
import { alertInputs } from '../alert/alert-inputs.js';
import { findAlertRunbook } from '../alert/find-alert-runbook.js';
import type { RunAlert } from '../contracts/run-event.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { CliError } from './cli-error.js';
import { EXIT_INVALID } from './exit-codes.js';

export interface AlertOptions {
  alert?: string;
  'alert-fingerprint'?: string;
  docs?: string;
}

/**
 * `--alert FILE|-` (with `--alert-fingerprint`, `--docs DIR`): the alert and the runbook to
 * run (FILE, else the one under DIR its `runbook_url` names). Problems are `CliError`s (exit 2)
 * before anything runs.
 */
export function readAlertOption(command: string, values: AlertOptions, positionals: string[]): { alert?: RunAlert; runbookPath: string } {
  if (positionals.length > 1) throw new CliError(`${command}: unexpected arguments \`${positionals.slice(1).join(' ')}\`, expected one FILE`, EXIT_INVALID, [`runbook ${command} --help`]);
  if (values.alert === undefined) {
    const stray = values.docs !== undefined ? '--docs' : values['alert-fingerprint'] !== undefined ? '--alert-fingerprint' : undefined;
    if (stray) throw new CliError(`${command}: \`${stray}\` needs \`--alert FILE\``, EXIT_INVALID, [`runbook ${command} --help`]);
    if (positionals.length === 0) throw new CliError(`${command}: missing FILE, expected \`runbook ${command} FILE\``, EXIT_INVALID, [`runbook ${command} --help`]);
    return { runbookPath: positionals[0]! };
  }
  const source = values.alert === '-' ? 'stdin' : values.alert;
  let text: string;
  try {
    text = readFileSync(values.alert === '-' ? 0 : values.alert, 'utf8');
  } catch (error) {
    throw new CliError(`${command}: cannot read the alert ${source} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, EXIT_INVALID);
  }
  try {
    const alert = readAlert(text, source, values['alert-fingerprint']);
    if (positionals.length === 1) return { alert, runbookPath: positionals[0]! };
    if (values.docs === undefined) throw new CliError(`${command}: missing FILE, expected \`runbook ${command} FILE --alert …\` or \`--docs DIR\` to pick the runbook from the alert's runbook_url`, EXIT_INVALID);
    return { alert, runbookPath: findAlertRunbook(alert, values.docs) };
  } catch (error) {
    if (error instanceof AlertError) throw new CliError(`${command}: ${error.message}`, EXIT_INVALID);
    throw error;
  }
}

/** The inputs the alert fills (flags still win); a value that would break its input is exit 2. */
export function alertFilledInputs(command: string, graph: StepGraph, alert: RunAlert | undefined): Record<string, string> {
  if (!alert) return {};
  const { inputs, problems } = alertInputs(graph, alert);
  if (problems.length > 0) {
    throw new CliError(`${command}: ${problems.join(`\n${command}: `)}\nrunbook: nothing was run`, EXIT_INVALID, ['fix the alert, or give the input with --input NAME=VALUE']);
  }
  return inputs;
}
