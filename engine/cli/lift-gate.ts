import type { StepGraph } from '../contracts/step-graph.js';
import { CliError } from './cli-error.js';
import { EXIT_INVALID } from './exit-codes.js';

/**
 * An unattended run executes commands lifted from prose only when asked to with `--lift`: a
 * document with no shell fence is lifted on its own (to show and walk), but its author never
 * wrote those commands as steps. Throws (exit 2, nothing run) otherwise.
 */
export function checkLiftedRun(graph: StepGraph, options: { lift: boolean; unattended: boolean; path: string }): void {
  if (options.lift || !options.unattended) return;
  const lifted = graph.steps.filter((step) => step.lifted && step.kind === 'command');
  if (lifted.length === 0) return;
  throw new CliError(
    `run: ${lifted.length} ${lifted.length === 1 ? 'command was' : 'commands were'} lifted from prose (${lifted
      .slice(0, 3)
      .map((step) => `\`${step.id}\``)
      .join(', ')}${lifted.length > 3 ? ', …' : ''}), expected \`--lift\` to run them unattended`,
    EXIT_INVALID,
    [`runbook lift ${options.path}   (the steps as annotations, to review and commit)`, `runbook run ${options.path} --yes --lift`],
  );
}
