import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent } from '../contracts/run-event.js';
import { createMasker } from '../run/create-masker.js';
import { between, formatReadableDuration } from './format-duration.js';
import { groupRun, type RunSegment, type StepExecution } from './group-run.js';
import { runTimes, type RunTimes } from './run-times.js';
import { trimOutput } from './trim-output.js';
import { markdownText } from './safe-text.js';

export interface MarkdownReportOptions {
  /** The runbook's graph, for step titles of steps that never started. */
  graph?: StepGraph;
  /** A rendered game-day debrief (rehearsals), placed after the summary. */
  debrief?: string;
  /** Output lines kept at the start and the end of each step's output. */
  outputLines?: number;
}

/**
 * The run as a Markdown incident timeline: who ran what when, the commands as run, their
 * output (trimmed, with a note), checks, captures, branches and why, operator choices, notes,
 * hints and the outcome. Covers every run of the incident (a resumed run continues the timeline).
 * Token-shaped values are masked once more on the way out.
 */
export function renderMarkdownReport(events: RunEvent[], options: MarkdownReportOptions = {}): string {
  const segments = groupRun(events);
  const first = segments.find((segment) => segment.started)?.started;
  const last = segments.at(-1);
  const titles = new Map(options.graph?.steps.map((step) => [step.id, step.title]) ?? []);
  const rehearsal = first?.mode === 'rehearsal';
  const times = runTimes(events);
  const out: string[] = [];

  out.push(`# ${rehearsal ? 'Game day' : 'Incident'}: ${first ? markdownText(first.title) : 'unknown runbook'}`, '');
  const finishedAt = last?.finished?.time;
  const outcome = last?.finished?.outcome ?? 'interrupted';
  const facts: [string, string][] = [
    ['Outcome', `**${outcome}**${last?.finished?.message ? ` — ${last.finished.message}` : ''}`],
    ['Runbook', first ? `\`${first.runbook}\` (sha256 \`${first.sha256.slice(0, 12)}\`)` : 'unknown'],
    ['Mode', rehearsal ? `rehearsal, scenario \`${first?.scenario ?? '?'}\`` : (first?.mode ?? 'live')],
    ['Run', segments.map((segment) => `\`${segment.started?.runId ?? '?'}\``).join(' → ') + (segments.length > 1 ? ' (resumed)' : '')],
    ['Operator', operators(segments)],
    ['Started', first ? formatTime(first.time, true) : '?'],
    ['Finished', finishedAt ? `${formatTime(finishedAt, true)} (${formatReadableDuration(between(first?.time, finishedAt))} after the start)` : 'not finished (interrupted)'],
    ['Time', timeFacts(times)],
  ];
  const alert = first?.alert;
  if (alert) facts.splice(1, 0, ['Alert', `**${alert.name}**${alert.fingerprint ? ` (fingerprint \`${alert.fingerprint}\`)` : ''}: ${Object.entries(alert.labels).map(([k, v]) => `\`${k}=${v}\``).join(', ')}${alert.url ? `; ${alert.url}` : ''}`]);
  const inputs = first ? Object.entries(first.inputs) : [];
  if (inputs.length > 0) facts.push(['Inputs', inputs.map(([name, value]) => `\`${name}=${value}\``).join(', ')]);
  const secretInputs = [
    ...Object.values(options.graph?.settings.inputs ?? {}).flatMap((spec) => (spec.secret ? [spec.name] : [])),
    ...events.flatMap((event) => (event.type === 'input' && event.secret ? [event.name] : [])),
  ];
  if (secretInputs.length > 0) facts.push(['Secret inputs', `${[...new Set(secretInputs)].map((name) => `\`${name}\``).join(', ')} (values never recorded)`]);
  out.push('| | |', '| --- | --- |', ...facts.map(([key, value]) => `| ${key} | ${cell(value)} |`), '');

  const path = segments.flatMap((segment) => segment.items.flatMap((item) => (item.kind === 'step' && item.step.finished ? [item.step.stepId] : [])));
  if (path.length > 0) out.push(`Path: ${path.map((id) => `\`${id}\``).join(' → ')}`, '');

  if (options.debrief) out.push('## Debrief', '', options.debrief.trimEnd(), '');

  out.push('## Timeline', '');
  segments.forEach((segment, index) => {
    if (segment.started) {
      const who = segment.started.user ? ` by ${segment.started.user}${segment.started.host ? `@${segment.started.host}` : ''}` : '';
      const stop = times.stops.find((candidate) => candidate.resumedBy === segment.started?.runId);
      const after = stop ? ` after ${formatReadableDuration(stop.ms)} stopped` : '';
      const verb = segment.started.resumedFrom ? `Resumed${after} (run \`${segment.started.runId}\`, continuing \`${segment.started.resumedFrom}\`)` : `Run \`${segment.started.runId}\` started`;
      out.push(`- **${formatTime(segment.started.time)}** ${verb}${who}`, '');
    }
    for (const item of segment.items) {
      if (item.kind === 'step') out.push(...renderStep(item.step, titles, options.outputLines ?? 10));
      else out.push(...renderEvent(item.event), '');
    }
    if (segment.finished) {
      out.push(`- **${formatTime(segment.finished.time)}** Run finished: **${segment.finished.outcome}**${segment.finished.message ? ` — ${segment.finished.message}` : ''}`, '');
    } else {
      const open = segment.items.findLast((item) => item.kind === 'step');
      const during = open?.kind === 'step' && !open.step.finished ? ` during \`${open.step.stepId}\`` : '';
      const resumed = segments[index + 1]?.started?.resumedFrom ? ' — resumed below' : ' — `runbook resume` continues it';
      out.push(`- ⚠ Run interrupted${during}${resumed}`, '');
    }
  });

  return createMasker().mask(out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
}

function renderStep(step: StepExecution, titles: Map<string, string>, outputLines: number): string[] {
  const done = step.finished;
  const title = step.started ? step.title : (titles.get(step.stepId) ?? step.title);
  const status = !done ? '⚠ interrupted' : done.status === 'passed' ? '✔ passed' : done.status === 'failed' ? '✘ failed' : '↷ skipped';
  const repeat = [step.visit > 1 ? `visit ${step.visit}` : '', step.attempt > 1 ? `attempt ${step.attempt}` : ''].filter(Boolean).join(', ');
  const time = step.started?.time ?? done?.time;
  const lines = [`### ${time ? `${formatTime(time)} ` : ''}${markdownText(title)} (\`${step.stepId}\`)${repeat ? ` — ${repeat}` : ''} — ${status}`, ''];
  if (step.command !== undefined) {
    lines.push(`Command${step.edited ? ' (edited by the operator)' : ''}:`, '', ...fence(step.command, 'bash'), '');
  }
  if (step.output.length > 0) {
    const trimmed = trimOutput(step.output, { head: outputLines, tail: outputLines });
    const truncated = done?.outputTruncated ? 'the journal kept only the start of it' : undefined;
    const note = [trimmed.note, truncated].filter(Boolean).join('; ');
    lines.push(`Output${note ? ` (${note})` : ''}:`, '', ...fence(trimmed.text, 'text'), '');
  }
  for (const event of step.events) lines.push(...renderEvent(event));
  if (done) {
    const facts = [
      done.exitCode !== null ? `exit ${done.exitCode}` : done.signal ? `killed by ${done.signal}` : undefined,
      done.timedOut ? 'timed out' : undefined,
      formatReadableDuration(done.durationMs),
    ].filter(Boolean);
    if (step.started) lines.push(`- Result: ${facts.join(', ')}`);
    for (const check of done.checks) {
      lines.push(`- ${check.passed ? '✔' : '✘'} ${check.name}: ${inline(check.expected)}${!check.passed && check.actual ? `, got:` : ''}`);
      if (!check.passed && check.actual) lines.push('', ...fence(check.actual, check.actual.startsWith('---') || check.actual.startsWith('@@') ? 'diff' : 'text').map((l) => `  ${l}`), '');
    }
    const captures = Object.entries(done.captures);
    if (captures.length > 0) lines.push(`- Captured: ${captures.map(([name, value]) => `${inline(`${name}=${value}`)}`).join(', ')}`);
    if (done.branch) lines.push(`- Branch → \`${done.branch.target}\` because ${done.branch.reason}`);
    if (done.message) lines.push(`- ${done.message}`);
    if (done.next) lines.push(`- Next: \`${done.next}\``);
  } else {
    lines.push('- The run stopped while this step was running.');
  }
  lines.push('');
  return lines;
}

function renderEvent(event: RunEvent): string[] {
  const at = `**${formatTime(event.time)}**`;
  switch (event.type) {
    case 'choice':
      return [`- ${at} ${event.by === 'operator' ? 'Operator chose' : event.by === 'flag' ? 'Answered by flag' : 'Chosen automatically'}: **${markdownText(event.choice)}** → \`${event.target}\` (at \`${event.stepId}\`)`];
    case 'note':
      return [`- ${at} Note${event.stepId ? ` (at \`${event.stepId}\`)` : ''}: ${markdownText(event.text)}`];
    case 'hint':
      return [`- ${at} 💡 Hint shown: ${markdownText(event.text)}`];
    case 'warning':
      return [`- ${at} ⚠ ${event.message}`];
    case 'input':
      return [`- ${at} Input \`${event.name}\`${event.secret ? ' (secret, not recorded)' : event.value !== undefined ? ` = ${inline(event.value)}` : ''} ${event.source === 'changed' ? 'changed by the operator (used from the next step on)' : `from ${event.source}`}`];
    default:
      return [];
  }
}

/** Step time, the rest of the time the run ran, and the time it was stopped, apart. */
function timeFacts(times: RunTimes): string {
  const parts = [`${formatReadableDuration(times.stepsMs)} in steps`, `${formatReadableDuration(times.runningMs)} running (steps and the operator's decisions)`];
  if (times.stops.length > 0) {
    const count = times.stops.length === 1 ? 'one stop' : `${times.stops.length} stops`;
    parts.push(`${formatReadableDuration(times.stoppedMs)} stopped (${count}, from the stop to the resume; not step time)`);
  }
  return parts.join(' · ');
}

function operators(segments: RunSegment[]): string {
  const names = new Set(
    segments.flatMap((segment) => (segment.started?.user ? [`${segment.started.user}${segment.started.host ? `@${segment.started.host}` : ''}`] : [])),
  );
  return names.size > 0 ? [...names].join(', ') : 'unknown';
}

/** `08:15:02` (UTC), or `2026-11-22 08:15:02 UTC` with the date. */
function formatTime(iso: string, withDate = false): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  if (!match) return iso;
  return withDate ? `${match[1]} ${match[2]} UTC` : match[2]!;
}

/** A code fence longer than any backtick run inside the text. */
function fence(text: string, lang: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return [`${marks}${lang}`, ...text.replace(/\n$/, '').split('\n'), marks];
}

/** Inline code that survives backticks in the text. */
function inline(text: string): string {
  const single = text.replace(/\n/g, '⏎');
  const longest = Math.max(0, ...[...single.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  const pad = single.startsWith('`') || single.endsWith('`') ? ' ' : '';
  return `${marks}${pad}${single}${pad}${marks}`;
}

/** A table cell: no pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
