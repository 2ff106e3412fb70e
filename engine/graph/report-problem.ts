import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** Adds an authoring problem to `file`: an error (fatal) unless `fatal: false` makes it a warning. */
export function reportProblem(
  file: VFile,
  reason: string,
  place: Position | Point | undefined,
  ruleId: string,
  options: { fatal?: boolean; cause?: VFileMessage } = {},
): VFileMessage {
  const message = file.message(reason, { place, ruleId, source: 'runbook', cause: options.cause });
  message.fatal = options.fatal ?? true;
  return message;
}
