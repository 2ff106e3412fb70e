import type { VFile } from 'vfile';
import { reportProblem } from '../graph/report-problem.js';
import type { ParsedRunbook, RawAnnotation } from '../parse/types.js';
import { schemaProblems } from './schema-problems.js';

/**
 * Every annotation (comments, fence attributes, front matter, settings) against its schema.
 * Problems point at the YAML node inside the comment.
 */
export function validateAnnotations(parsed: ParsedRunbook, file: VFile): void {
  const check = (schema: 'step' | 'document', annotation: RawAnnotation | undefined, data = annotation?.data) => {
    if (!annotation || annotation.invalid) return;
    for (const problem of schemaProblems(schema, data)) {
      reportProblem(file, problem.reason, annotation.place(problem.path, problem.part), 'schema');
    }
  };
  for (const item of parsed.items) {
    if (item.kind === 'annotation') check('step', item.annotation);
    else {
      check('step', item.fence.annotation);
      check('step', item.fence.attributes);
    }
  }
  const frontMatter = parsed.frontMatterAnnotation;
  if (frontMatter && parsed.frontMatter && 'runbook' in parsed.frontMatter) check('document', frontMatter, { runbook: parsed.frontMatter.runbook });

  const settings = parsed.settingsAnnotation;
  if (settings && !settings.invalid && settings.data && typeof settings.data === 'object') {
    for (const key of Object.keys(settings.data)) {
      if (key !== 'runbook')
        reportProblem(
          file,
          `Unexpected key \`${key}\` next to \`runbook\` settings, expected the settings annotation to hold only \`runbook\``,
          settings.place([key], 'key'),
          'schema',
        );
    }
    check('document', settings, { runbook: (settings.data as Record<string, unknown>).runbook });
  }
}
