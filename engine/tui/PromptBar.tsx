import { Text } from 'ink';
import { FAILURE_OPTIONS, MANUAL_OPTIONS, REFUSED_OPTIONS } from './apply-key.js';
import { describeBranch } from './result-lines.js';
import { TextFieldView } from './TextFieldView.js';
import { useTheme } from './theme-context.js';
import type { Message, Prompt, TextField, TuiState } from './tui-state.js';

const MESSAGE_LABELS: Record<Message['kind'], string> = { hint: 'hint:', warning: 'warning:', note: 'note:', info: '·', error: 'error:' };

/**
 * Two rows: the latest message (or a prompt's error), then what the run waits for. Before a step
 * with nothing else to say, the first row shows the inputs it uses with their values (`uses`).
 */
export function PromptBar({ state, width, uses = [], mask = (text) => text }: { state: TuiState; width: number; uses?: readonly string[]; mask?: (text: string) => string }) {
  const theme = useTheme();
  const prompt = state.prompt;
  const error = prompt && 'error' in prompt ? prompt.error : undefined;
  const message = state.messages[state.messages.length - 1];
  const messageColor = (kind: Message['kind']): string | undefined =>
    kind === 'warning' ? theme.warn : kind === 'error' ? theme.danger : kind === 'hint' ? theme.rehearsal : theme.muted;
  if (prompt?.kind === 'override-branch' && state.overlay.kind === 'none') {
    // The reason on one row, where it leads on the next: the target is never cut off.
    const [why, to] = splitBranch(describeBranch(prompt.reason, prompt.chosen, state));
    return (
      <>
        <Text wrap="truncate-end" bold>
          Branch: {why}
        </Text>
        <Text wrap="truncate-end" bold>
          → {to || 'the next step'}
          <Text color={theme.muted}> · Enter follows · g picks another</Text>
        </Text>
      </>
    );
  }
  if ((prompt?.kind === 'ask' || prompt?.kind === 'manual') && state.overlay.kind === 'none') {
    // The question on one row, the choices on the next: neither crowds the other out.
    return (
      <>
        <Text wrap="truncate-end" bold>
          {prompt.kind === 'ask' ? prompt.question : `To do: ${prompt.text}`}
        </Text>
        <Choices label="" options={prompt.kind === 'ask' ? prompt.choices : MANUAL_OPTIONS} selected={prompt.selected} />
      </>
    );
  }
  if (state.overlay.kind === 'inputs') return <InputsEditRows overlay={state.overlay} message={message?.kind === 'info' ? message.text : undefined} width={width} />;
  return (
    <>
      {prompt?.kind === 'input' && !error && state.overlay.kind === 'none' ? (
        <Text wrap="truncate-end" color={theme.muted}>
          {inputContext(prompt)}
        </Text>
      ) : error ? (
        <Text wrap="truncate-end" color={theme.danger}>
          ✘ {error}
        </Text>
      ) : message ? (
        <Text wrap="truncate-end" color={messageColor(message.kind)}>
          {MESSAGE_LABELS[message.kind]} {message.text}
        </Text>
      ) : prompt?.kind === 'before-step' && state.overlay.kind === 'none' && uses.length > 0 ? (
        <Text wrap="truncate-end" color={theme.muted}>
          {usedValues(state, uses, mask)}
        </Text>
      ) : (
        <Text> </Text>
      )}
      <PromptRow state={state} width={width} />
    </>
  );
}

/** `Inputs (i): NAMESPACE=agents, DB_PASSWORD=••••••`: the values a step is about to get (cut at the edge). */
function usedValues(state: TuiState, uses: readonly string[], mask: (text: string) => string): string {
  const values = uses.map((name) => {
    const known = state.inputs[name];
    const secret = known?.secret === true || state.inputSpecs[name]?.secret === true;
    return `${name}=${known === undefined ? '(unset)' : secret || known.value === undefined ? '••••••' : mask(known.value)}`;
  });
  return `Inputs (i): ${values.join(', ')}`;
}

/** What an input prompt says above the field: the placeholder as written, the step, an example, the description. */
function inputContext(prompt: Extract<Prompt, { kind: 'input' }>): string {
  const parts = [prompt.context ? `Input ${prompt.context}` : `Input ${prompt.name}`];
  if (prompt.description) parts.push(prompt.description);
  if (prompt.example !== undefined) parts.push(`e.g. ${prompt.example}`);
  if (prompt.integer) parts.push('a whole number');
  return parts.join(' · ');
}

/** The inputs panel's two rows: what a change does (or why it was refused), then the new value. */
function InputsEditRows({ overlay, message, width }: { overlay: Extract<TuiState['overlay'], { kind: 'inputs' }>; message?: string; width: number }) {
  const theme = useTheme();
  const edit = overlay.edit;
  return (
    <>
      {overlay.error ? (
        <Text wrap="truncate-end" color={theme.danger}>
          ✘ {overlay.error}
        </Text>
      ) : (
        <Text wrap="truncate-end" color={theme.muted}>
          {edit ? `Used from the next step on (a step running now keeps ${edit.name} as it started)` : (message ?? 'Select an input and press Enter to change it')}
        </Text>
      )}
      {edit ? <ValueField label={`New ${edit.name}${edit.secret ? ' (secret)' : ''}: `} field={edit.field} secret={edit.secret} choices={edit.choices} selected={edit.selected} width={width} /> : <Text> </Text>}
    </>
  );
}

function PromptRow({ state, width }: { state: TuiState; width: number }) {
  const theme = useTheme();
  const overlay = state.overlay;
  if (overlay.kind === 'note') return <Labeled label="Note: " field={overlay.field} width={width} />;
  if (overlay.kind === 'edit') return <Labeled label="Edit: " field={overlay.field} width={width} />;
  if (state.outcome !== undefined) {
    const failed = state.outcome !== 'completed' && state.outcome !== 'resolved';
    return (
      <Text bold wrap="truncate-end" color={failed ? theme.danger : theme.ok}>
        ■ Run {state.outcome}
        {state.finishMessage ? `: ${state.finishMessage}` : ''}
      </Text>
    );
  }
  const prompt = state.prompt;
  switch (prompt?.kind) {
    case undefined:
      if (state.pty?.typing && !state.quitting) {
        return (
          <Text wrap="truncate-end" bold inverse color={theme.accent}>
            {' ⌨ TYPING TO THE STEP '}
            <Text> Ctrl-] gives the keys back</Text>
          </Text>
        );
      }
      if (state.pty && state.running && !state.quitting) return <Text color={theme.muted}>The step has a terminal: t types to it</Text>;
      return <Text color={theme.muted}>{state.quitting ? 'Leaving…' : state.running ? ' ' : 'Working…'}</Text>;
    case 'before-step':
      return (
        <Text wrap="truncate-end" bold>
          {prompt.resumed ? 'This step was interrupted last time. Enter runs it again' : 'Enter runs this step'}
          <Text color={theme.muted}> · e edit · s skip · g go to</Text>
        </Text>
      );
    case 'input':
      return <ValueField label={`${prompt.name}${prompt.secret ? ' (secret)' : ''}: `} field={prompt.field} secret={prompt.secret} choices={prompt.choices} selected={prompt.selected} width={width} />;
    case 'confirm':
      return <Labeled label={`DANGER: type "${prompt.phrase}" to run it (Esc refuses): `} field={prompt.field} width={width} tone={theme.danger} />;
    case 'after-failure':
      return <Choices label="The step failed: " options={FAILURE_OPTIONS} selected={prompt.selected} tone={theme.danger} />;
    case 'refused':
      return <Choices label="Not confirmed: " options={REFUSED_OPTIONS} selected={prompt.selected} tone={theme.danger} />;
    case 'ask':
    case 'manual':
    case 'override-branch':
      return null; // drawn on both rows by PromptBar
  }
}

function Labeled(props: { label: string; field: TextField; width: number; secret?: boolean; tone?: string }) {
  const room = Math.max(8, props.width - props.label.length);
  return (
    <Text wrap="truncate-end">
      <Text bold color={props.tone}>
        {props.label}
      </Text>
      <TextFieldView field={props.field} width={room} secret={props.secret} />
    </Text>
  );
}

/** A value: typed, or (with choices) picked from the list shown after the field. */
function ValueField(props: { label: string; field: TextField; secret: boolean; choices?: string[]; selected: number; width: number }) {
  if (!props.choices) return <Labeled label={props.label} field={props.field} secret={props.secret} width={props.width} />;
  const typing = props.field.text !== '';
  return (
    <Text wrap="truncate-end">
      <Text bold>{props.label}</Text>
      {typing && <TextFieldView field={props.field} width={Math.max(8, Math.floor(props.width / 3))} secret={props.secret} />}
      {props.choices.map((option, index) => (
        <Text key={index}>
          {index > 0 || typing ? ' ' : ''}
          <Text inverse={!typing && index === props.selected}>{` ${option} `}</Text>
        </Text>
      ))}
    </Text>
  );
}

function Choices({ label, options, selected, tone }: { label: string; options: readonly string[]; selected: number; tone?: string }) {
  return (
    <Text wrap="truncate-end">
      <Text bold color={tone}>
        {label}
      </Text>
      {options.map((option, index) => (
        <Text key={index}>
          {index > 0 ? ' ' : ''}
          <Text inverse={index === selected}>{` ${index + 1} ${option} `}</Text>
        </Text>
      ))}
    </Text>
  );
}

/** `stdout matched /x/ → Crash loop` → [`stdout matched /x/`, `Crash loop`]. */
function splitBranch(text: string): [string, string] {
  const at = text.lastIndexOf(' → ');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 3)];
}
