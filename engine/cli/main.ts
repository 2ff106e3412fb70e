/**
 * argv → command. Each command lives in `commands/<name>.ts` and is loaded only when asked
 * for, so `runbook check` never loads Ink, React or zx. This folder is the only place that
 * touches process.exit.
 */
import { CliError, type CommandModule } from './cli-error.js';
import { endWhenReaderGoes } from './end-when-reader-goes.js';
import { EXIT_INVALID } from './exit-codes.js';

const commands: Record<string, () => Promise<CommandModule>> = {
  run: () => import('./commands/run.js'),
  check: () => import('./commands/check.js'),
  list: () => import('./commands/list.js'),
  graph: () => import('./commands/graph.js'),
  resume: () => import('./commands/resume.js'),
  report: () => import('./commands/report.js'),
  runs: () => import('./commands/runs.js'),
  follow: () => import('./commands/follow.js'),
  scenario: () => import('./commands/scenario.js'),
  lift: () => import('./commands/lift.js'),
};

const USAGE = `Usage: runbook <command> [options]

Commands:
  run FILE [--rehearse SCENARIO]   run a runbook (TUI on a terminal; --yes unattended)
  check FILE|DIR...                validate runbooks and scenarios
  list FILE                        the steps, with ids, titles and lines
  graph FILE [--format mermaid|dot|json]
  resume [RUN]                     continue an interrupted run
  report RUN [--format markdown|json|junit]
  runs                             recent runs
  follow [RUN]                     watch a live run (shared journal: --journal postgres://…)
  scenario --from RUN              a scenario replaying a recorded run
  lift FILE                        the runbook with its prose procedure written as annotations

Common options: --input NAME=VALUE, --answer STEP=CHOICE, --json, --journal DIR, --lift, --no-color
Run 'runbook <command> --help' for more.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name === undefined ? EXIT_INVALID : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`runbook: unknown command \`${name}\`, expected one of ${Object.keys(commands).join(', ')}\n\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  const command = await load();
  return command.default(rest);
}

endWhenReaderGoes();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`runbook: ${error.message}\n`);
      for (const step of error.nextSteps) process.stderr.write(`  → ${step}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`runbook: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
    // Whatever the failure left open (a child's pipe, a timer) must not keep the process alive.
    setTimeout(() => process.exit(70), 2000).unref();
  },
);
