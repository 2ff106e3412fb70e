import type { Step } from '../../contracts/step-graph.js';
import { arithmeticVariables } from './arithmetic-variables.js';
import { commandVariables } from './command-variables.js';

/** A plain decimal integer (or nothing): the only values bash's arithmetic reads as data. */
const INTEGER = /^[-+]?[0-9]*$/;

/**
 * Why a command must not run with this environment, or undefined: a variable it hands to bash's
 * arithmetic (`$(( ))`, `(( ))`, `let`, `[[ -gt ]]`, subscripts, `declare -i`: see
 * `arithmeticVariables`) holds something other than an integer. bash evaluates such a value as
 * an expression, and `x[$(touch /tmp/p)]` runs `touch`. Names the command assigns itself (a
 * loop counter) are its own business, unless the step also takes them as inputs. The value is
 * never shown: it may be a secret.
 */
export function refuseArithmeticValues(step: Step, command: string, env: Record<string, string>): string | undefined {
  const found = arithmeticVariables(command);
  if (found.length === 0) return undefined;
  const own = new Set(commandVariables(command).sets);
  for (const { name, offset } of found) {
    if (own.has(name) && !step.uses.includes(name)) continue;
    const value = env[name];
    if (value === undefined || INTEGER.test(value.trim())) continue;
    return (
      `not run: \`${name}\` reaches arithmetic at runbook line ${runbookLine(step, command, offset)}, where bash evaluates a value as code ` +
      `(\`x[$(cmd)]\` runs cmd), and its value is not an integer`
    );
  }
  return undefined;
}

/** The runbook line of an offset in a fence's command (a transcript's or a lifted command's: where the step starts). */
function runbookLine(step: Step, command: string, offset: number): number {
  const start = step.position.start.line;
  if (step.lang === 'console' || step.lifted) return start;
  return start + 1 + (command.slice(0, offset).match(/\n/g)?.length ?? 0);
}
