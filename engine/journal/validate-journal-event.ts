import { byKey as validators } from '../generated/journal-validators.js';

const DEFINITIONS: Record<string, string> = {
  'run-started': 'runStarted',
  'step-started': 'stepStarted',
  output: 'output',
  'step-finished': 'stepFinished',
  input: 'input',
  choice: 'choice',
  note: 'note',
  hint: 'hint',
  warning: 'warning',
  'run-finished': 'runFinished',
};

/**
 * Checks one parsed journal line against `schemas/journal-event.schema.json`.
 * Returns undefined when valid, else a short reason (`step-finished: must have required property 'next'`).
 */
export function validateJournalEvent(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !(type in DEFINITIONS)) {
    return `unexpected event type ${JSON.stringify(type)}, expected one of ${Object.keys(DEFINITIONS).join(', ')}`;
  }
  // Compiled at build time (scripts/compile-schemas.mjs): one validator per definition.
  const validate = validators[DEFINITIONS[type]!]!;
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  return `${type}: ${error?.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') + ' ' : ''}${error?.message ?? 'invalid'}`;
}
