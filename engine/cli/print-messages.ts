import type { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';

/** Prints vfile messages to stderr with vfile-reporter (`file:line:column` first). */
export function printMessages(files: VFile[], options: { noColor: boolean; quiet?: boolean }): void {
  const text = reporter(files, { color: !options.noColor && Boolean(process.stderr.isTTY), quiet: options.quiet ?? false });
  if (text) process.stderr.write(text + '\n');
}
