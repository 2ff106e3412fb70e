import type { InputSpec } from '../contracts/step-graph.js';

/** A whole number as bash's arithmetic reads it as data: optional sign, decimal digits. */
const INTEGER = /^[-+]?[0-9]+$/;

/**
 * Why `value` is not acceptable for the input `spec` declares (`type: integer`, `choices`), or
 * undefined. The value itself is named only when the input is not secret.
 */
export function inputValueProblem(spec: InputSpec | undefined, value: string): string | undefined {
  if (!spec) return undefined;
  const shown = spec.secret ? 'value' : `\`${value}\``;
  if (spec.type === 'integer' && !INTEGER.test(value)) return `Unexpected ${shown} for input \`${spec.name}\`, expected an integer`;
  if (spec.choices && !spec.choices.includes(value)) {
    return `Unexpected ${shown} for input \`${spec.name}\`, expected one of ${spec.choices.map((choice) => `\`${choice}\``).join(', ')}`;
  }
  return undefined;
}
