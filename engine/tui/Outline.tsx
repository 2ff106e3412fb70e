import { Box, Text } from 'ink';
import { outlineRows } from './outline-rows.js';
import { STATE_ICONS, STATE_WORDS, stateColor } from './theme.js';
import { useTheme } from './theme-context.js';
import type { StepView } from './tui-state.js';

/** Sections and steps with their state icons (and words, full-screen); the focused step is highlighted. */
export function Outline({ steps, focusId, width, height, words = false }: { steps: StepView[]; focusId?: string; width: number; height: number; words?: boolean }) {
  const theme = useTheme();
  const rows = outlineRows(steps, focusId, height);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows.map((row, index) =>
        row.kind === 'section' ? (
          <Text key={`s${index}`} bold color={theme.muted} wrap="truncate-end">
            {row.title}
          </Text>
        ) : (
          <Text key={row.step.id} wrap="truncate-end" inverse={row.focus} bold={row.focus}>
            {row.focus ? '›' : ' '}
            <Text color={stateColor(theme, row.step.state)}>{STATE_ICONS[row.step.state]}</Text>{' '}
            {row.step.lifted && <Text color={theme.muted}>≈ </Text>}
            <Text dimColor={row.step.state === 'not-taken' || row.step.state === 'not-reached'} strikethrough={row.step.state === 'not-taken' && !theme.noColor}>
              {row.step.title}
            </Text>
            {words && <Text color={theme.muted}> · {STATE_WORDS[row.step.state]}</Text>}
          </Text>
        ),
      )}
    </Box>
  );
}
