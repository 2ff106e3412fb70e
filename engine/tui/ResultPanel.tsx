import { Text } from 'ink';
import type { ResultLine } from './result-lines.js';
import { useTheme } from './theme-context.js';

/** Checks, captures and the branch taken, under a heading when they belong to the previous step. */
export function ResultPanel({ lines, rows, heading }: { lines: ResultLine[]; rows: number; heading?: string }) {
  // Lines arrive wrapped: continuation rows have an empty icon.
  const theme = useTheme();
  if (rows <= 0 || lines.length === 0) return null;
  const room = heading ? rows - 1 : rows;
  const shown = lines.length > room ? [...lines.slice(0, room - 1), { icon: '…', tone: 'muted' as const, text: `${lines.length - room + 1} more` }] : lines;
  const tone = (line: ResultLine): string | undefined =>
    line.tone === 'ok' ? theme.ok : line.tone === 'danger' ? theme.danger : line.tone === 'accent' ? theme.accent : theme.muted;
  return (
    <>
      {heading && (
        <Text wrap="truncate-end" color={theme.muted}>
          {heading}
        </Text>
      )}
      {shown.slice(0, room).map((line, index) => (
        <Text key={index} wrap="truncate-end">
          <Text color={tone(line)}>{line.icon || ' '}</Text> {line.text}
        </Text>
      ))}
    </>
  );
}
