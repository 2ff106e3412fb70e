import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent } from '../contracts/run-event.js';
import { createMasker } from '../run/create-masker.js';
import { escapeXml } from './escape-xml.js';
import { between } from './format-duration.js';
import { groupRun, stepExecutions, type StepExecution } from './group-run.js';
import { trimOutput } from './trim-output.js';

/**
 * The run as JUnit XML: one `<testsuite>` for the incident, one `<testcase>` per step
 * execution (each visit and attempt), failures carrying the failed checks, skipped steps
 * `<skipped/>`, a step the run was interrupted in an `<error>`. Output goes to `<system-out>`
 * (trimmed). CI systems can show a rehearsal or a run like a test run.
 */
export function renderJunitReport(events: RunEvent[], options: { graph?: StepGraph } = {}): string {
  const segments = groupRun(events);
  const started = segments.find((segment) => segment.started)?.started;
  const finished = segments.at(-1)?.finished;
  const executions = stepExecutions(segments);
  const titles = new Map(options.graph?.steps.map((step) => [step.id, step.title]) ?? []);
  const failures = executions.filter((step) => step.finished?.status === 'failed').length;
  const errors = executions.filter((step) => !step.finished).length;
  const skipped = executions.filter((step) => step.finished?.status === 'skipped').length;
  const seconds = (between(started?.time, finished?.time ?? lastTime(events)) / 1000).toFixed(3);
  const suiteName = started?.title ?? 'runbook';
  const a = (name: string, value: string | number) => ` ${name}="${escapeXml(String(value))}"`;

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // `skipped` only on <testsuite>: the common schema (jenkinsci xunit-plugin's junit-10.xsd)
  // does not allow it on <testsuites>.
  out.push(`<testsuites${a('name', 'runbook')}${a('tests', executions.length)}${a('failures', failures)}${a('errors', errors)}${a('time', seconds)}>`);
  out.push(
    `  <testsuite${a('name', suiteName)}${a('tests', executions.length)}${a('failures', failures)}${a('errors', errors)}${a('skipped', skipped)}${a('time', seconds)}${started ? a('timestamp', started.time.replace(/\.\d+Z$/, 'Z')) : ''}${started?.host ? a('hostname', started.host) : ''}>`,
  );
  out.push('    <properties>');
  const properties: [string, string | undefined][] = [
    ['runId', started?.runId],
    ['runbook', started?.runbook],
    ['sha256', started?.sha256],
    ['mode', started?.mode],
    ['scenario', started?.scenario],
    ['outcome', finished?.outcome ?? 'interrupted'],
    ['user', started?.user],
  ];
  for (const [name, value] of properties) if (value !== undefined) out.push(`      <property${a('name', name)}${a('value', value)}/>`);
  out.push('    </properties>');
  for (const step of executions) out.push(...testcase(step, started?.runbook ?? suiteName, titles, a));
  out.push('  </testsuite>', '</testsuites>');
  return createMasker().mask(out.join('\n') + '\n');
}

function testcase(step: StepExecution, classname: string, titles: Map<string, string>, a: (name: string, value: string | number) => string): string[] {
  const done = step.finished;
  const title = step.started ? step.title : (titles.get(step.stepId) ?? step.title);
  const repeat = [step.visit > 1 ? `visit ${step.visit}` : '', step.attempt > 1 ? `attempt ${step.attempt}` : ''].filter(Boolean).join(', ');
  const name = `${step.stepId}: ${title}${repeat ? ` (${repeat})` : ''}`;
  const time = ((done?.durationMs ?? 0) / 1000).toFixed(3);
  const lines = [`    <testcase${a('classname', classname)}${a('name', name)}${a('time', time)}>`];
  if (!done) {
    lines.push(`      <error${a('message', 'the run was interrupted during this step')}${a('type', 'interrupted')}/>`);
  } else if (done.status === 'skipped') {
    lines.push(`      <skipped${done.message ? a('message', done.message) : ''}/>`);
  } else if (done.status === 'failed') {
    const failed = done.checks.filter((check) => !check.passed);
    const message =
      failed.map((check) => `${check.name}: ${check.expected}`).join('; ') ||
      done.message ||
      (done.timedOut ? 'timed out' : done.exitCode !== null ? `exit ${done.exitCode}` : `killed by ${done.signal ?? 'a signal'}`);
    const detail = [
      ...failed.map((check) => `${check.name}: expected ${check.expected}${check.actual ? `\n${check.actual}` : ''}`),
      done.message,
      `exit code: ${done.exitCode ?? 'none'}${done.signal ? `, signal ${done.signal}` : ''}${done.timedOut ? ', timed out' : ''}`,
    ]
      .filter(Boolean)
      .join('\n');
    lines.push(`      <failure${a('message', message)}${a('type', failed.length > 0 ? 'check' : 'exit')}>${escapeXml(detail)}</failure>`);
  }
  const body = [step.command !== undefined ? `$ ${step.command}` : '', trimOutput(step.output, { head: 50, tail: 50 }).text].filter(Boolean).join('\n');
  if (body) lines.push(`      <system-out>${escapeXml(body)}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

function lastTime(events: RunEvent[]): string | undefined {
  return events.at(-1)?.time;
}
