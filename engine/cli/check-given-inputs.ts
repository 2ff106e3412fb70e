import type { StepGraph } from '../contracts/step-graph.js';
import { closestName } from '../graph/closest-name.js';
import { inputValueProblem } from '../graph/input-value-problem.js';
import { dangerousName } from '../shell/dangerous-names.js';
import { scanShell } from '../shell/text/scan-shell.js';
import { CliError } from './cli-error.js';
import { EXIT_INVALID } from './exit-codes.js';

/**
 * `--input NAME=VALUE`s, checked before anything runs (exit 2): a name the shell treats as code
 * (`BASH_ENV`, `LD_PRELOAD`, `PATH`, `BASH_FUNC_x%%`…) or that is not an identifier is always
 * refused; a name the runbook does not ask for (declared, a placeholder, or a `$NAME` a command
 * reads) is refused unless `any` (`--input-any`); a value must fit the input's `type` and
 * `choices`.
 */
export function checkGivenInputs(graph: StepGraph, inputs: Record<string, string>, options: { any: boolean; command: string }): void {
  const problems: string[] = [];
  const asked = askedNames(graph);
  for (const [name, value] of Object.entries(inputs)) {
    const danger = dangerousName(name);
    if (danger) {
      problems.push(`refused \`--input ${name}=…\`: ${danger}, so no input may be named \`${name}\``);
      continue;
    }
    if (!options.any && !asked.has(name)) {
      const near = closestName(name, asked);
      problems.push(`unexpected \`--input ${name}=…\`: the runbook does not ask for \`${name}\`${near ? ` (did you mean \`${near}\`?)` : ''}`);
      continue;
    }
    const problem = inputValueProblem(graph.settings.inputs[name], value);
    if (problem) problems.push(problem.replace(/^Unexpected/, 'unexpected'));
  }
  if (problems.length === 0) return;
  const unasked = problems.some((problem) => problem.startsWith('unexpected `--input'));
  throw new CliError(`${options.command}: ${problems.join(`\n${options.command}: `)}`, EXIT_INVALID, [
    ...(asked.size > 0 ? [`the runbook asks for: ${[...asked].sort().join(', ')}`] : []),
    ...(unasked ? ['--input-any to pass inputs the runbook does not name (they still reach every step)'] : []),
  ]);
}

/** Every name the runbook could take as an input: declared, placeholders, and `$NAME`s its commands read. */
function askedNames(graph: StepGraph): Set<string> {
  const names = new Set(Object.keys(graph.settings.inputs));
  for (const step of graph.steps) {
    for (const name of step.uses) names.add(name);
    if (step.command === undefined) continue;
    const scan = scanShell(step.command);
    for (const variable of scan.variables) if (/^[A-Z_][A-Z0-9_]*$/.test(variable.name)) names.add(variable.name);
    for (const placeholder of scan.placeholders) names.add(placeholder.input);
  }
  return names;
}
