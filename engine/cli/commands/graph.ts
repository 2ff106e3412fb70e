import { loadRunbook } from '../../check/load-runbook.js';
import { renderDot } from '../../graph/render-dot.js';
import { renderMermaid } from '../../graph/render-mermaid.js';
import { stepEdges } from '../../graph/step-edges.js';
import { CliError } from '../cli-error.js';
import { EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { colorsOff, parseCommand } from '../parse-args.js';
import { printMessages } from '../print-messages.js';

const HELP = `Usage: runbook graph FILE [--format mermaid|dot|json] [--lift] [--no-color]

The step graph of a runbook: Mermaid (a \`flowchart TD\` that renders on GitHub; default),
Graphviz DOT, or JSON (the step graph with its edges).

--lift: prose procedures become steps (automatic when the runbook has no shell fence).

Exit status: 2 when the runbook is invalid (its messages go to stderr), 0 otherwise.`;

const FORMATS = ['mermaid', 'dot', 'json'];

export default async function graph(argv: string[]): Promise<number> {
  const parsed = parseCommand('graph', argv, HELP, {
    format: { type: 'string', short: 'f' },
    json: { type: 'boolean' },
    lift: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const format = values.json ? 'json' : (values.format ?? 'mermaid');
  if (!FORMATS.includes(format))
    throw new CliError(`graph: unexpected format \`${format}\`, expected one of ${FORMATS.map((f) => `\`${f}\``).join(', ')}`, EXIT_INVALID, ['runbook graph --help']);
  if (positionals.length !== 1) throw new CliError('graph: expected one FILE', EXIT_INVALID, ['runbook graph --help']);
  const loaded = await loadRunbook(positionals[0]!, { lift: Boolean(values.lift) });
  if (!loaded.ok || !loaded.graph) {
    printMessages([loaded.file], { noColor: colorsOff(values['no-color']), quiet: true });
    return EXIT_INVALID;
  }
  const stepGraph = loaded.graph;
  if (format === 'json') {
    const edges = stepGraph.steps.flatMap((step) => stepEdges(stepGraph, step).map((edge) => ({ from: step.id, ...edge })));
    process.stdout.write(JSON.stringify({ ...stepGraph, edges }, null, 2) + '\n');
  } else process.stdout.write((format === 'dot' ? renderDot(stepGraph) : renderMermaid(stepGraph)) + '\n');
  return EXIT_OK;
}
