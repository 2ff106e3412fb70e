import { EXIT_INVALID } from './exit-codes.js';

/** A user-fixable problem: printed without a stack, with what to do next. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_INVALID,
    readonly nextSteps: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command: takes its argv (after the command name), returns the exit code. */
export interface CommandModule {
  default(argv: string[]): Promise<number>;
}
