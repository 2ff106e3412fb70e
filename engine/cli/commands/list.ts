import { loadRunbook } from '../../check/load-runbook.js';
import { CliError } from '../cli-error.js';
import { EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { fitTable, outputWidth } from '../fit-table.js';
import { colorsOff, parseCommand } from '../parse-args.js';
import { printMessages } from '../print-messages.js';
import { liftNote } from './lift.js';

const HELP = `Usage: runbook list FILE [--lift] [--json] [--no-color]

The steps of a runbook, in order: number, id, kind, line, title.

Options:
  --lift       prose procedures become steps (automatic when the runbook has no shell fence)
  --json       an array of { id, title, kind, line, column, section, command?, lifted? } on stdout
  --no-color   no colors (also NO_COLOR)

Exit status: 2 when the runbook is invalid (its messages go to stderr), 0 otherwise.`;

export default async function list(argv: string[]): Promise<number> {
  const parsed = parseCommand('list', argv, HELP, {
    json: { type: 'boolean' },
    lift: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError('list: expected one FILE', EXIT_INVALID, ['runbook list --help']);
  const loaded = await loadRunbook(positionals[0]!, { lift: Boolean(values.lift) });
  if (!loaded.ok || !loaded.graph) {
    printMessages([loaded.file], { noColor: colorsOff(values['no-color']), quiet: true });
    return EXIT_INVALID;
  }
  const steps = loaded.graph.steps;
  if (values.json) {
    const rows = steps.map((step) => ({
      id: step.id,
      title: step.title,
      kind: step.kind,
      line: step.position.start.line,
      column: step.position.start.column,
      section: step.section,
      ...(step.command === undefined ? {} : { command: step.command }),
      ...(step.lifted ? { lifted: true } : {}),
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT_OK;
  }
  if (steps.length === 0) {
    process.stdout.write('No steps: the runbook has no shell fences or step annotations.\n');
    return EXIT_OK;
  }
  if (steps.some((step) => step.lifted)) process.stderr.write(liftNote(loaded.file));
  const rows = [
    ['#', 'id', 'kind', 'line', 'title'],
    ...steps.map((step) => [String(step.index + 1), step.id, step.lifted ? `${step.kind}*` : step.kind, String(step.position.start.line), step.title]),
  ];
  process.stdout.write(fitTable(rows, outputWidth(), [{ column: 4, position: 'end', min: 20 }]));
  return EXIT_OK;
}
