import type { VFile } from 'vfile';

/** The note `list` and `run` print when steps were lifted from prose. */
export function liftNote(file: VFile): string {
  return `${file.path}: steps marked * were lifted from prose (not written as steps by the author); review them with \`runbook lift ${file.path}\`\n`;
}
