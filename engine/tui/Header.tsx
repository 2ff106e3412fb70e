import { Box, Text } from 'ink';
import { formatClock } from './format-duration.js';
import { useTheme } from './theme-context.js';
import type { TuiState } from './tui-state.js';

/** Title, mode (LIVE or REHEARSAL) and elapsed time. */
export function Header({ state, now, width }: { state: TuiState; now: number; width: number }) {
  const theme = useTheme();
  const elapsed = state.startedAt === undefined ? 0 : (state.finishedAt ?? now) - state.startedAt;
  const rehearsal = state.mode === 'rehearsal';
  const mode = rehearsal ? ` REHEARSAL${state.scenario ? `: ${state.scenario}` : ''} ` : ' LIVE ';
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text bold wrap="truncate-end">
          {state.title}
        </Text>
      </Box>
      <Text> </Text>
      <Text inverse bold color={rehearsal ? theme.rehearsal : theme.live}>
        {mode}
      </Text>
      <Text> {formatClock(elapsed)}</Text>
    </Box>
  );
}
