/**
 * Before an unattended run starts: everything it would have to ask a person and cannot.
 * Each problem has a place in the runbook and names the flag that fixes it; the CLI turns them
 * into exit 2 with nothing run.
 */
import type { Position } from 'unist';
import { reachableFrom, stepSuccessors } from '../graph/step-successors.js';
import type { Step, StepGraph } from '../contracts/step-graph.js';
import type { Mode } from '../contracts/run-event.js';
import { confirms } from './create-unattended-operator.js';
import { shellQuote } from '../shell/quote.js';

export interface Problem {
  message: string;
  /** Where in the runbook; absent for problems in the flags themselves (an unknown step). */
  place?: Position;
  ruleId: 'missing-input' | 'missing-answer' | 'unknown-answer' | 'missing-confirmation';
}

export interface PreflightOptions {
  inputs: Record<string, string>;
  answers: Record<string, string>;
  /** Environment the run will start with (a variable set there is not missing). */
  env?: Record<string, string | undefined>;
  mode: Mode;
  /** A resumed run starts here (else the first step): only the steps reachable from it are checked. */
  startStepId?: string;
}

export function preflight(graph: StepGraph, options: PreflightOptions): Problem[] {
  const problems: Problem[] = [];
  const env = options.env ?? process.env;
  const stepsById = new Map(graph.steps.map((step) => [step.id, step]));
  const captured = new Set(graph.steps.flatMap((step) => step.capture.map((capture) => capture.name)));
  const setBefore = new Set<string>();
  const reported = new Set<string>();

  // Steps no branch, answer or fall-through leads to never run unattended: nothing to ask for them.
  // An `ask` step answered by `--answer` leads only where that answer goes.
  const start = graph.steps.find((step) => step.id === options.startStepId) ?? graph.steps[0];
  const reachable = start ? reachableFrom(graph, start.id, answeredSuccessors(options.answers)) : new Set<string>();
  for (const step of graph.steps) {
    if (!reachable.has(step.id)) continue;
    if (step.kind === 'command') {
      for (const name of step.uses) {
        if (reported.has(name) || setBefore.has(name) || captured.has(name)) continue;
        if (options.inputs[name] !== undefined || graph.settings.inputs[name]?.default !== undefined || env[name] !== undefined) continue;
        reported.add(name);
        const description = graph.settings.inputs[name]?.description;
        problems.push({
          message: `Missing input \`${name}\`${description ? ` (${description})` : ''}, used by step \`${step.id}\`: pass --input ${name}=…`,
          place: step.position,
          ruleId: 'missing-input',
        });
      }
      for (const name of step.sets) setBefore.add(name);
      if (step.confirm !== undefined && options.mode === 'live' && !confirms(options.answers[step.id], step.confirm)) {
        const given = options.answers[step.id];
        problems.push({
          message:
            given === undefined
              ? `Step \`${step.id}\` is dangerous and needs confirming: pass --answer ${step.id}=${shellQuote(step.confirm, { ifNeeded: true })}`
              : `Answer \`${given}\` does not confirm step \`${step.id}\`: expected --answer ${step.id}=${shellQuote(step.confirm, { ifNeeded: true })}`,
          place: step.annotationPosition ?? step.position,
          ruleId: 'missing-confirmation',
        });
      }
    }
    if (step.kind === 'ask') {
      const labels = step.ask?.choices.map((choice) => choice.label) ?? [];
      const given = options.answers[step.id];
      const list = labels.map((label) => `\`${label}\``).join(', ');
      if (given === undefined) {
        problems.push({
          message: `Step \`${step.id}\` asks “${step.ask?.question ?? ''}”: pass --answer ${step.id}=CHOICE (one of ${list})`,
          place: step.position,
          ruleId: 'missing-answer',
        });
      } else if (!labels.some((label) => label.toLowerCase() === given.trim().toLowerCase())) {
        problems.push({
          message: `Unexpected answer \`${given}\` for step \`${step.id}\`, expected one of ${list}`,
          place: step.position,
          ruleId: 'unknown-answer',
        });
      }
    }
  }

  for (const [stepId, answer] of Object.entries(options.answers)) {
    const step = stepsById.get(stepId);
    if (!step) {
      problems.push({
        message: `Unexpected --answer ${stepId}=${answer}: there is no step \`${stepId}\` (steps that take answers: ${answerable(graph)})`,
        ruleId: 'unknown-answer',
      });
    } else if (step.kind !== 'ask' && step.kind !== 'manual' && step.confirm === undefined) {
      problems.push({
        message: `Unexpected --answer ${stepId}=${answer}: step \`${stepId}\` asks nothing`,
        place: step.position,
        ruleId: 'unknown-answer',
      });
    }
  }
  return problems;
}

function answeredSuccessors(answers: Record<string, string>): (graph: StepGraph, step: Step) => string[] {
  return (graph, step) => {
    const given = answers[step.id];
    const choice = step.kind === 'ask' && given !== undefined ? step.ask?.choices.find((candidate) => candidate.label.toLowerCase() === given.trim().toLowerCase()) : undefined;
    if (!choice) return stepSuccessors(graph, step);
    // The choice's target alone: the same successors, of a step that offers only this choice.
    return stepSuccessors(graph, { ...step, ask: { question: step.ask!.question, choices: [choice] } });
  };
}

function answerable(graph: StepGraph): string {
  const ids = graph.steps.filter((step) => step.kind === 'ask' || step.kind === 'manual' || step.confirm !== undefined).map((step) => `\`${step.id}\``);
  return ids.length > 0 ? ids.join(', ') : 'none';
}
