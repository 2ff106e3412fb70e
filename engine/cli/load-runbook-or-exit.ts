import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { VFile } from 'vfile';
import type { StepGraph } from '../contracts/step-graph.js';
import { loadRunbook } from '../check/load-runbook.js';
import { CliError } from './cli-error.js';
import { EXIT_INVALID } from './exit-codes.js';

export interface LoadedForRun {
  graph?: StepGraph;
  sha256: string;
  /** The runbook with its messages. */
  file: VFile;
}

/**
 * Loads and checks a runbook for a command that will run it. On any error the messages go to
 * stderr and `graph` is undefined: the caller exits 2 with nothing run. Warnings are printed too.
 */
export async function loadRunbookOrExit(path: string, options: { json: boolean; noColor: boolean; lift?: boolean }): Promise<LoadedForRun> {
  const loaded = await loadRunbook(path, { lift: options.lift });
  // The reporter (and the colour detection it brings) is loaded only when there is something to say.
  if (loaded.file.messages.length > 0 && (!loaded.ok || !options.json)) (await import('./print-messages.js')).printMessages([loaded.file], options);
  if (!loaded.ok || !loaded.graph || !loaded.bytes) return { sha256: '', file: loaded.file };
  return { graph: loaded.graph, sha256: sha256Of(loaded.bytes), file: loaded.file };
}

/**
 * The sha256 of a file's bytes, as the journal records a runbook's. A path that cannot be read
 * (it became a directory, lost its permissions) is a user's problem (exit 2), not a crash.
 */
export function fileSha256(path: string, command = 'resume'): string {
  try {
    return sha256Of(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a directory, expected a Markdown file' : `cannot be read (${code ?? String(error)})`;
    throw new CliError(`${command}: the runbook ${path} ${why}`, EXIT_INVALID, [`put the runbook back at ${path}, or start a new run`]);
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
