import { Box } from 'ink';
import { useEffect, useMemo } from 'react';
import type { StepGraph } from '../contracts/step-graph.js';
import { computeLayout } from './compute-layout.js';
import type { RunStore } from './create-run-store.js';
import { displayCommand } from './display-command.js';
import { Footer } from './Footer.js';
import { footerKeys } from './footer-keys.js';
import { GotoPicker } from './GotoPicker.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { Outline } from './Outline.js';
import { ReaderOverlay, readerMaxScroll } from './ReaderOverlay.js';
import { InputsPanel } from './InputsPanel.js';
import { readerLines } from './reader-lines.js';
import { visibleLines } from './append-output.js';
import { OutputPane } from './OutputPane.js';
import { PromptBar } from './PromptBar.js';
import { renderProse } from './render-prose.js';
import { ResultPanel } from './ResultPanel.js';
import { resultLines, wrapResultLines } from './result-lines.js';
import { StepPanel } from './StepPanel.js';
import { useClock } from './use-clock.js';
import { useKeyActions } from './use-key-actions.js';
import { useRawInput } from './use-raw-input.js';
import { useRunState } from './use-run-state.js';
import { useTerminalSize } from './use-terminal-size.js';
import { wrapProse } from './wrap-prose.js';
import { wrapText } from './wrap-text.js';

export interface RunAppProps {
  store: RunStore;
  graph: StepGraph;
  mask: (text: string) => string;
  /** Fixed size (tests); default: the terminal's, following resizes. */
  size?: { columns: number; rows: number };
}

/** The whole screen: header, outline, current step, output, results, prompt and keys. */
export function RunApp({ store, graph, mask, size }: RunAppProps) {
  const state = useRunState(store);
  const terminal = useTerminalSize();
  const { columns, rows } = size ?? terminal;
  const now = useClock(state.running ? 100 : 1000, state.outcome === undefined);
  useRawInput(store, state.outcome === undefined);
  useKeyActions(store, state.outcome === undefined);

  const promptStep = state.prompt && 'stepId' in state.prompt ? state.prompt.stepId : undefined;
  const focusId = promptStep ?? state.currentStepId ?? graph.steps[0]?.id;
  const step = graph.steps.find((candidate) => candidate.id === focusId);
  const view = state.steps.find((candidate) => candidate.id === focusId);

  const prose = useMemo(() => renderProse(step?.prose ?? ''), [step]);
  const probe = computeLayout(columns, rows, { prose: 0, command: 0, result: 0 });
  const wrapped = useMemo(() => wrapProse(prose, probe.mainWidth), [prose, probe.mainWidth]);

  const rawCommand =
    state.prompt?.kind === 'before-step' ? state.prompt.command : (view?.command ?? step?.command ?? step?.ask?.question ?? step?.manual ?? '');
  // The command is what the operator must read right: wrapped, never cut at the edge.
  const command =
    rawCommand === ''
      ? []
      : mask(displayCommand(rawCommand))
          .split('\n')
          .flatMap((line) => wrapText(line, probe.mainWidth - 2))
          .map((line, index) => (index === 0 && step?.command ? `$ ${line}` : `  ${line}`));

  const resultId = view?.finished ? view.id : state.lastFinishedId;
  const resultView = state.steps.find((candidate) => candidate.id === resultId);
  const results = resultView?.finished ? wrapResultLines(resultLines(resultView.finished, state), probe.mainWidth) : [];
  const heading = resultView && resultView.id !== focusId ? `After ${resultView.title}:` : undefined;

  const layout = computeLayout(columns, rows, { prose: wrapped.length, command: command.length, result: results.length + (heading ? 1 : 0) });

  const reader = state.overlay.kind === 'reader' ? state.overlay : undefined;
  const readerText = useMemo(() => {
    if (!reader) return undefined;
    if (reader.what === 'output') return { title: 'All output', lines: visibleLines(state.scrollback).concat(state.pty?.live ?? []) };
    if (!step || !view) return { title: '', lines: [] };
    return { title: `Step ${state.steps.indexOf(view) + 1} of ${state.steps.length}`, lines: readerLines(step, view, state, mask, columns) };
  }, [reader?.what, step, view, state.scrollback, state.pty, state.steps, state.inputs, mask, columns]);
  const readerMax = readerText ? readerMaxScroll(readerText.lines.length, layout.bodyRows) : undefined;
  useEffect(() => store.dispatch({ type: 'viewport', outputRows: layout.outputRows, readerMax }), [store, layout.outputRows, readerMax]);

  let body;
  // Help and the picker take the whole width.
  const overlay = state.overlay.kind === 'help' || state.overlay.kind === 'goto' || state.overlay.kind === 'reader' || state.overlay.kind === 'outline' || state.overlay.kind === 'inputs';
  const outlineWidth = overlay ? 0 : layout.outlineWidth;
  if (state.overlay.kind === 'help') body = <HelpOverlay height={layout.bodyRows} />;
  else if (reader && readerText) body = <ReaderOverlay title={readerText.title} lines={readerText.lines} scroll={reader.scroll} height={layout.bodyRows} />;
  else if (state.overlay.kind === 'inputs') body = <InputsPanel state={state} graph={graph} mask={mask} width={columns} height={layout.bodyRows} />;
  else if (state.overlay.kind === 'outline') body = <Outline steps={state.steps} focusId={focusId} width={columns} height={layout.bodyRows} words />;
  else if (state.overlay.kind === 'goto')
    body = <GotoPicker steps={state.steps} filter={state.overlay.filter} selected={state.overlay.selected} height={layout.bodyRows} width={columns} />;
  else
    body = (
      <>
        {step && view && (
          <StepPanel
            step={step}
            view={view}
            prose={wrapped}
            proseRows={layout.proseRows}
            command={command}
            commandRows={layout.commandRows}
            edited={view.edited === true && state.prompt?.kind !== 'before-step'}
            scrolled={state.scroll}
            running={state.running}
            now={now}
            position={outlineWidth > 0 ? undefined : `${state.steps.indexOf(view) + 1}/${state.steps.length}`}
          />
        )}
        <OutputPane scrollback={state.scrollback} live={state.pty?.live} scroll={state.scroll} height={layout.outputRows} width={outlineWidth > 0 ? layout.mainWidth : columns} />
        <ResultPanel lines={results} rows={layout.resultRows} heading={heading} />
      </>
    );

  return (
    <Box flexDirection="column" width={columns} height={layout.frameRows}>
      <Header state={state} now={now} width={columns} />
      <Box flexDirection="row" height={layout.bodyRows}>
        {outlineWidth > 0 && <Outline steps={state.steps} focusId={focusId} width={outlineWidth} height={layout.bodyRows} />}
        <Box
          // A fresh node when the outline comes or goes: Ink keeps a removed border's width otherwise.
          key={outlineWidth > 0 ? 'beside-outline' : 'full-width'}
          flexDirection="column"
          width={outlineWidth > 0 ? layout.mainWidth + 2 : columns}
          height={layout.bodyRows}
          overflow="hidden"
          borderStyle={outlineWidth > 0 ? 'single' : undefined}
          borderTop={false}
          borderRight={false}
          borderBottom={false}
          borderLeft={outlineWidth > 0}
          borderDimColor
          paddingLeft={outlineWidth > 0 ? 1 : 0}
        >
          {body}
        </Box>
      </Box>
      <PromptBar state={state} width={columns} uses={step?.uses} mask={mask} />
      <Footer keys={footerKeys(state, columns, layout.outlineWidth > 0)} />
    </Box>
  );
}
