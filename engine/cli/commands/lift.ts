import { VFile } from 'vfile';
import { loadRunbook } from '../../check/load-runbook.js';
import { buildStepGraph } from '../../graph/build-step-graph.js';
import { annotateLifted } from '../../graph/lift-annotate.js';
import { liftRunbook } from '../../parse/lift-runbook.js';
import { parseRunbook } from '../../parse/parse-runbook.js';
import { CliError } from '../cli-error.js';
import { EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { colorsOff, parseCommand } from '../parse-args.js';
import { printMessages } from '../print-messages.js';

const HELP = `Usage: runbook lift FILE [--no-color]

Prints the runbook with its prose procedure made explicit: the steps that --lift finds
(commands in list items and unlabelled code blocks, manual items, "If …" decisions, options)
written as annotations (HTML comments, invisible where Markdown is rendered) and fences, the
prose left as it is. Review it, then save it over the source yourself: the file is never
rewritten. Read without --lift, the result has the steps --lift finds.

Exit status: 2 when the runbook is invalid (its messages go to stderr), 0 otherwise.`;

export default async function lift(argv: string[]): Promise<number> {
  const parsed = parseCommand('lift', argv, HELP, {});
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError('lift: expected one FILE', EXIT_INVALID, ['runbook lift --help']);
  const path = positionals[0]!;
  const loaded = await loadRunbook(path, { lift: true });
  if (!loaded.ok || !loaded.graph) {
    printMessages([loaded.file], { noColor: colorsOff(values['no-color']), quiet: true });
    return EXIT_INVALID;
  }
  const source = String(loaded.file.value);
  const file = new VFile({ path, value: source });
  const document = parseRunbook(file);
  liftRunbook(document, file, { lift: true });
  const lifted = buildStepGraph(document, file).steps.filter((step) => step.lifted).length;
  process.stdout.write(annotateLifted(source, document, buildStepGraph(document, new VFile({ path, value: source }))));
  process.stderr.write(lifted === 0 ? `${path}: nothing to lift\n` : `${path}: ${lifted} lifted ${lifted === 1 ? 'step' : 'steps'} written as annotations (the source is unchanged)\n`);
  return EXIT_OK;
}

/** The note `list` and `run` print when steps were lifted from prose. */
export function liftNote(file: { path?: string }): string {
  return `${file.path}: steps marked * were lifted from prose (not written as steps by the author); review them with \`runbook lift ${file.path}\`\n`;
}
