import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` in strict mode, with its errors turned into a `CliError` (exit 2)
 * that names the command and says how to get help.
 */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new CliError(`${command}: ${message}`, 2, [`runbook ${command} --help`]);
  }
}

const COMMON = {
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * A command's arguments, with the options every command has (`--no-color`, `--help`). With
 * `--help` it prints the command's help and returns undefined: the command exits 0.
 */
export function parseCommand<T extends Options>(command: string, argv: string[], help: string, options: T, allowPositionals = true) {
  const parsed = parseCommandArgs(command, argv, { ...COMMON, ...options }, allowPositionals);
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(help.endsWith('\n') ? help : help + '\n');
    return undefined;
  }
  return parsed;
}

/** Parses repeatable `NAME=VALUE` options (`--input`, `--answer`). */
export function parsePairs(command: string, flag: string, values: string[] | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new CliError(`${command}: unexpected \`--${flag} ${value}\`, expected \`--${flag} NAME=VALUE\``);
    const name = value.slice(0, eq);
    // Which one was meant? The second used to win silently.
    if (Object.hasOwn(pairs, name)) throw new CliError(`${command}: unexpected \`--${flag} ${name}=…\` given twice, expected each name once`);
    pairs[name] = value.slice(eq + 1);
  }
  return pairs;
}

/** A whole number option (`--limit N`): undefined when not given; a CliError when not a number. */
export function parseCount(command: string, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${command}: unexpected \`--${flag} ${value}\`, expected a whole number`, 2, [`runbook ${command} --help`]);
  return Number(value);
}

/** Two options that contradict each other (`--journal DIR` with `--no-journal`). */
export function refuseTogether(command: string, values: Record<string, unknown>, first: string, second: string): void {
  if (values[first] !== undefined && values[second] !== undefined && values[first] !== false && values[second] !== false)
    throw new CliError(`${command}: unexpected \`--${first}\` with \`--${second}\`, expected one of them`, 2, [`runbook ${command} --help`]);
}

/** Colors are off with `--no-color`, or when NO_COLOR is set and not empty (no-color.org). */
export function colorsOff(flag: boolean | undefined): boolean {
  return flag === true || Boolean(process.env.NO_COLOR);
}
