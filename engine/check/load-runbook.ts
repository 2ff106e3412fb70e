import { readFileSync, statSync } from 'node:fs';
import { VFile } from 'vfile';
import { buildStepGraph } from '../graph/build-step-graph.js';
import { reportProblem } from '../graph/report-problem.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { liftRunbook, type LiftOptions } from '../parse/lift-runbook.js';
import { parseRunbook } from '../parse/parse-runbook.js';
import { checkGraph } from './check-graph.js';
import { checkVariableNames } from './check-variable-names.js';
import { validateAnnotations } from './validate-annotations.js';

export interface LoadedRunbook {
  file: VFile;
  /** The step graph, when the file could be read and parsed (even with errors). */
  graph?: StepGraph;
  /** No errors (warnings allowed): safe to run. */
  ok: boolean;
  /** The bytes read (the journal records their sha256: those of the text parsed). */
  bytes?: Buffer;
}

const START = { line: 1, column: 1 };

/**
 * Reads, parses, builds and checks a runbook. Every problem is a message on `file` (errors
 * fatal); a file that cannot be read is one error at 1:1. One small file, read synchronously
 * (loading `fs/promises` costs start-up time: docs/parsing.md).
 */
export async function loadRunbook(path: string, options: LiftOptions = {}): Promise<LoadedRunbook> {
  const file = new VFile({ path });
  const fail = (reason: string, ruleId: string): LoadedRunbook => {
    reportProblem(file, reason, START, ruleId);
    return { file, ok: false };
  };
  let buffer: Buffer;
  try {
    const info = statSync(path);
    if (info.isDirectory()) return fail('Unexpected directory, expected a Markdown file', 'read');
    buffer = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('Cannot find file, expected an existing Markdown file', 'read');
    return fail(`Cannot read file: ${error instanceof Error ? error.message : String(error)}`, 'read');
  }
  if (buffer.includes(0)) return fail('Unexpected binary file (it holds NUL bytes), expected Markdown text', 'encoding');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return fail('Unexpected invalid UTF-8, expected Markdown text in UTF-8', 'encoding');
  }
  if (text.trim() === '') return fail('Unexpected empty runbook, expected Markdown with steps', 'empty');
  file.value = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return { ...checkRunbook(file, options), bytes: buffer };
}

/** Parses, builds and checks a runbook already in memory. */
export function checkRunbook(file: VFile, options: LiftOptions = {}): LoadedRunbook {
  const parsed = parseRunbook(file);
  validateAnnotations(parsed, file);
  liftRunbook(parsed, file, options);
  const graph = buildStepGraph(parsed, file);
  checkGraph(graph, parsed, file);
  checkVariableNames(graph, parsed, file);
  sortMessages(file);
  return { file, graph, ok: !file.messages.some((message) => message.fatal) };
}

function sortMessages(file: VFile): void {
  file.messages.sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || Number(b.fatal === true) - Number(a.fatal === true),
  );
}
