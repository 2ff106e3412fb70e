import type { VFile } from 'vfile';
import type { ParsedRunbook, RawAnnotation } from '../parse/types.js';
import { isRecord } from './compile-condition.js';
import { inputValueProblem } from './input-value-problem.js';
import { parseDuration } from './parse-duration.js';
import { reportProblem } from './report-problem.js';
import { DEFAULT_TIMEOUT_MS, type DocumentSettings, type InputSpec } from '../contracts/step-graph.js';

/** Document settings from front matter `runbook:` and/or a settings annotation (which wins per key). */
export function readSettings(parsed: ParsedRunbook, file: VFile): DocumentSettings {
  const settings: DocumentSettings = { inputs: {}, shell: 'bash', timeoutMs: DEFAULT_TIMEOUT_MS };
  const sources: { annotation: RawAnnotation; data: unknown }[] = [];
  if (parsed.frontMatterAnnotation && parsed.frontMatter) sources.push({ annotation: parsed.frontMatterAnnotation, data: parsed.frontMatter.runbook });
  if (parsed.settingsAnnotation && isRecord(parsed.settingsAnnotation.data))
    sources.push({ annotation: parsed.settingsAnnotation, data: parsed.settingsAnnotation.data.runbook });

  for (const { annotation, data } of sources) {
    if (!isRecord(data)) continue;
    if (typeof data.shell === 'string' && data.shell.trim()) settings.shell = data.shell.trim();
    if (typeof data.timeout === 'string') {
      const ms = parseDuration(data.timeout);
      if (ms === undefined) reportProblem(file, durationReason(data.timeout), annotation.place(['runbook', 'timeout']), 'duration');
      else settings.timeoutMs = ms;
    }
    if (isRecord(data.inputs)) {
      for (const [name, raw] of Object.entries(data.inputs)) {
        const spec: InputSpec = { name, secret: false };
        if (isRecord(raw)) {
          if (isScalar(raw.default)) spec.default = String(raw.default);
          if (typeof raw.description === 'string') spec.description = raw.description;
          if (isScalar(raw.example)) spec.example = String(raw.example);
          spec.secret = raw.secret === true;
          if (raw.type === 'integer' || raw.type === 'string') spec.type = raw.type;
          if (Array.isArray(raw.choices)) spec.choices = raw.choices.filter(isScalar).map(String);
          const problem = spec.default === undefined ? undefined : inputValueProblem(spec, spec.default);
          if (problem) reportProblem(file, problem.replace('for input', 'as the default of input'), annotation.place(['runbook', 'inputs', name, 'default']), 'input-value');
          if (typeof raw['from-label'] === 'string') spec.fromLabel = raw['from-label'];
        }
        settings.inputs[name] = spec;
      }
    }
  }
  return settings;
}

export function durationReason(text: string): string {
  return `Unexpected duration \`${text}\`, expected a number and a unit such as \`30s\`, \`5m\`, \`1h\`, \`500ms\` or \`1m30s\``;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
