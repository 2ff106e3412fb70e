import { Box, Text } from 'ink';
import { formatClock } from './format-duration.js';
import { scenarioName } from './scenario-name.js';
import { useTheme } from './theme-context.js';
import type { TuiState } from './tui-state.js';

/** Title, mode (LIVE or REHEARSAL) and elapsed time. */
export function Header({ state, now, width }: { state: TuiState; now: number; width: number }) {
  const theme = useTheme();
  const elapsed = state.startedAt === undefined ? 0 : (state.finishedAt ?? now) - state.startedAt;
  const rehearsal = state.mode === 'rehearsal';
  const scale = rehearsal && state.timeScale !== undefined ? ` ×${state.timeScale}` : '';
  const name = rehearsal ? ` REHEARSAL${state.scenario ? `: ${scenarioName(state.scenario, state.file)}` : ''}` : ' LIVE';
  // The time scale is never the part cut off: a drill at ×100 must not look like one in real time.
  const room = Math.floor(width / 2) - 1 - scale.length;
  const mode = `${name.length > room ? `${name.slice(0, Math.max(1, room - 1))}…` : name}${scale} `;
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text bold wrap="truncate-end">
          {state.title}
        </Text>
      </Box>
      <Text> </Text>
      <Box flexShrink={0}>
        <Text inverse bold color={rehearsal ? theme.rehearsal : theme.live} wrap="truncate-end">
          {mode}
        </Text>
      </Box>
      <Text> {formatClock(elapsed)}</Text>
    </Box>
  );
}

