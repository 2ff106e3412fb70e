import { Box, Text } from 'ink';
import { useTheme } from './theme-context.js';

/** Text shown whole, full-screen, scrolled to `scroll` (clamped so the last page stays full). */
export function ReaderOverlay({ title, lines, scroll, height }: { title: string; lines: readonly string[]; scroll: number; height: number }) {
  const theme = useTheme();
  const rows = Math.max(1, height - 2);
  const top = Math.min(scroll, Math.max(0, lines.length - rows));
  const shown = lines.slice(top, top + rows);
  const last = Math.min(lines.length, top + rows);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {shown.length < rows && <Box height={rows - shown.length} />}
      <Text color={theme.muted} wrap="truncate-end">
        lines {lines.length === 0 ? 0 : top + 1}–{last} of {lines.length} · ↑↓ PgUp PgDn Home End scroll · Esc closes
      </Text>
    </Box>
  );
}

/** The largest useful scroll of a reader of `height` rows. */
export function readerMaxScroll(lineCount: number, height: number): number {
  return Math.max(0, lineCount - Math.max(1, height - 2));
}
