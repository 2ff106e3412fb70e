import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { terminalText } from '../report/safe-text.js';

/**
 * Prints vfile messages to stderr with vfile-reporter (`file:line:column` first). A reason
 * quotes the runbook (ids, targets, titles): it is made terminal-safe first.
 */
export function printMessages(files: VFile[], options: { noColor: boolean; quiet?: boolean }): void {
  for (const file of files) for (const message of file.messages) message.reason = terminalText(message.reason);
  const text = reporter(files, { color: !options.noColor && Boolean(process.stderr.isTTY), quiet: options.quiet ?? false });
  if (text) process.stderr.write(text + '\n');
}
