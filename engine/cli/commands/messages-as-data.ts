import type { VFile } from 'vfile';

export interface MessageData {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  ruleId: string | null;
}

/** vfile messages as plain data for `--json`. */
export function messagesAsData(files: VFile[]): MessageData[] {
  return files.flatMap((file) =>
    file.messages.map((message) => ({
      file: file.path ?? '',
      line: message.line ?? 1,
      column: message.column ?? 1,
      endLine: message.place && 'end' in message.place ? message.place.end.line : (message.line ?? 1),
      endColumn: message.place && 'end' in message.place ? message.place.end.column : (message.column ?? 1),
      severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
      message: message.reason,
      ruleId: message.ruleId ?? null,
    })),
  );
}
