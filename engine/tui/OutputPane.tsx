import { Box, Text } from 'ink';
import { visibleLines } from './append-output.js';
import { useTheme } from './theme-context.js';
import type { Scrollback } from './tui-state.js';

/** The last rows of the scrollback, or an earlier window when scrolled up. */
export function OutputPane({ scrollback, scroll, height }: { scrollback: Scrollback; scroll: number; height: number }) {
  const theme = useTheme();
  if (height <= 0) return null;
  const lines = visibleLines(scrollback);
  const end = Math.max(0, lines.length - scroll);
  const shown = lines.slice(Math.max(0, end - height), end);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end" color={line.startsWith('── ') ? theme.muted : undefined}>
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}
