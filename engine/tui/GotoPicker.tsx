import { Box, Text } from 'ink';
import { filterSteps } from './filter-steps.js';
import { STATE_ICONS, stateColor } from './theme.js';
import { TextFieldView } from './TextFieldView.js';
import { useTheme } from './theme-context.js';
import type { StepView, TextField } from './tui-state.js';

/** Go to any step: type to filter, ↑↓ to select, Enter to go. */
export function GotoPicker({ steps, filter, selected, height, width }: { steps: StepView[]; filter: TextField; selected: number; height: number; width: number }) {
  const theme = useTheme();
  const matches = filterSteps(steps, filter.text);
  const rows = Math.max(1, height - 2);
  const start = Math.max(0, Math.min(selected - Math.floor(rows / 2), matches.length - rows));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Box>
        <Text bold>Go to step: </Text>
        <TextFieldView field={filter} width={width - 12} />
      </Box>
      {matches.length === 0 && <Text color={theme.muted}>No step matches.</Text>}
      {matches.slice(start, start + rows).map((step, index) => (
        <Text key={step.id} wrap="truncate-end" inverse={start + index === selected}>
          {start + index === selected ? '›' : ' '}
          <Text color={stateColor(theme, step.state)}>{STATE_ICONS[step.state]}</Text> {step.title}
          <Text color={theme.muted}>
            {' '}
            {step.sectionTitle && step.sectionTitle !== step.title ? `· ${step.sectionTitle} ` : ''}({step.id})
          </Text>
        </Text>
      ))}
    </Box>
  );
}
