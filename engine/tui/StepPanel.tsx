import { Box, Text } from 'ink';
import type { Step } from '../contracts/step-graph.js';
import { formatClock, formatCompactDuration } from './format-duration.js';
import { ProseView } from './ProseView.js';
import type { ProseLine } from './render-prose.js';
import { STATE_ICONS, STATE_WORDS, stateColor } from './theme.js';
import { useTheme } from './theme-context.js';
import type { StepView } from './tui-state.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface StepPanelProps {
  step: Step;
  view: StepView;
  prose: ProseLine[];
  proseRows: number;
  /** Command rows, already shown as `$NAME` and masked. */
  command: string[];
  commandRows: number;
  edited: boolean;
  scrolled: number;
  now: number;
  /** The step's process is running (false once it is waiting for a choice). */
  running: boolean;
  /** Where the step is (`3/17`), shown when the outline is not (narrow terminals). */
  position?: string;
}

/** The current step: title, DANGER badge, prose, command, and a status line (spinner and elapsed while it runs). */
export function StepPanel(props: StepPanelProps) {
  const theme = useTheme();
  const { step, view } = props;
  const prose = props.prose.length > props.proseRows ? [...props.prose.slice(0, Math.max(0, props.proseRows - 1)), { indent: 0, spans: [{ text: '…', style: 'plain' as const }] }] : props.prose;
  const command = props.command.length > props.commandRows ? [...props.command.slice(0, Math.max(0, props.commandRows - 1)), `  … (+${props.command.length - props.commandRows + 1} lines)`] : props.command;
  return (
    <>
      <Box>
        <Box flexShrink={1}>
          <Text bold wrap="truncate-end">
            <Text color={stateColor(theme, view.state)}>{STATE_ICONS[view.state]}</Text> {step.title}
            {step.lifted && <Text color={theme.muted}> ≈ lifted from prose</Text>}
          </Text>
        </Box>
        {step.confirm !== undefined && (
          <Text bold inverse color={theme.danger}>
            {' DANGER '}
          </Text>
        )}
        {step.interactive && <Text color={theme.warn}> [interactive]</Text>}
        {props.edited && <Text color={theme.warn}> [edited]</Text>}
        {props.position && (
          <Box flexGrow={1} flexShrink={0} justifyContent="flex-end">
            <Text color={theme.muted}> {props.position}</Text>
          </Box>
        )}
      </Box>
      {props.proseRows > 0 && <ProseView lines={prose.slice(0, props.proseRows)} />}
      {command.slice(0, props.commandRows).map((line, index) => (
        <Text key={index} wrap="truncate-end" color={theme.accent}>
          {line}
        </Text>
      ))}
      <StatusLine view={view} now={props.now} scrolled={props.scrolled} running={props.running} />
    </>
  );
}

function StatusLine({ view, now, scrolled, running }: { view: StepView; now: number; scrolled: number; running: boolean }) {
  const theme = useTheme();
  const scroll = scrolled > 0 ? ` · ↑ ${scrolled} lines up, End follows` : '';
  if (view.state === 'running' && !running) {
    return (
      <Text wrap="truncate-end" color={theme.accent}>
        ■ finished · waiting for your choice{scroll}
      </Text>
    );
  }
  if (view.state === 'running') {
    const elapsed = view.startedAt === undefined ? 0 : now - view.startedAt;
    return (
      <Text wrap="truncate-end" color={theme.accent}>
        {SPINNER[Math.floor(now / 100) % SPINNER.length]} running {formatClock(elapsed)}
        {view.attempt > 1 ? ` (attempt ${view.attempt})` : ''} · Ctrl-C stops it{scroll}
      </Text>
    );
  }
  const finished = view.finished;
  if (finished) {
    const exit = finished.timedOut ? 'timed out' : finished.signal ? `stopped (${finished.signal})` : finished.exitCode === null ? '' : `exit ${finished.exitCode}`;
    return (
      <Text wrap="truncate-end" color={stateColor(theme, view.state)}>
        {STATE_ICONS[view.state]} {STATE_WORDS[view.state]} in {formatCompactDuration(finished.durationMs)}
        {exit ? ` (${exit})` : ''}
        {scroll}
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end" color={theme.muted}>
      {STATE_ICONS[view.state]} {STATE_WORDS[view.state]}
      {scroll}
    </Text>
  );
}
