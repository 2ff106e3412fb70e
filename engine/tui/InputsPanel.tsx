import { Box, Text } from 'ink';
import type { StepGraph } from '../contracts/step-graph.js';
import { inputEntry, inputNames } from './input-lines.js';
import { useTheme } from './theme-context.js';
import type { TuiState } from './tui-state.js';

/**
 * Every input, full-screen (`i`): value (secrets masked), where it comes from, how it is declared,
 * the steps that use it. `›` marks the one selected; the list scrolls to keep it in view.
 */
export function InputsPanel(props: { state: TuiState; graph: Pick<StepGraph, 'steps'>; mask: (text: string) => string; width: number; height: number }) {
  const theme = useTheme();
  const { state, width, height } = props;
  const overlay = state.overlay.kind === 'inputs' ? state.overlay : undefined;
  const names = inputNames(state);
  const selected = Math.min(overlay?.selected ?? 0, Math.max(0, names.length - 1));
  const rows = Math.max(1, height - 2);
  const lines: { text: string; selected: boolean; first: boolean }[] = [];
  let selectedStart = 0;
  let selectedEnd = 0;
  names.forEach((name, index) => {
    if (index === selected) selectedStart = lines.length;
    inputEntry(name, props.graph, state, props.mask, width - 2).forEach((text, row) => lines.push({ text, selected: index === selected, first: row === 0 }));
    if (index === selected) selectedEnd = lines.length;
    lines.push({ text: '', selected: false, first: false });
  });
  // The selected entry whole when it fits, its first line at least.
  const top = Math.max(0, Math.min(selectedStart, Math.max(0, selectedEnd - rows), lines.length - rows));
  const shown = lines.slice(top, top + rows);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        Inputs ({names.length})
      </Text>
      {names.length === 0 && <Text>This runbook has no inputs.</Text>}
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end" bold={line.selected && line.first} color={line.selected ? theme.accent : undefined}>
          {line.selected && line.first ? '› ' : '  '}
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      {shown.length < rows && <Box height={rows - shown.length - (names.length === 0 ? 1 : 0)} />}
      <Text color={theme.muted} wrap="truncate-end">
        ↑↓ select · Enter changes the value (from the next step on) · Esc closes
      </Text>
    </Box>
  );
}
