import type { Code } from 'mdast';
import type { VFile } from 'vfile';
import { optionsOf } from './lift-decisions.js';
import type { Lifted } from './lift-items.js';
import { reportLiftHints } from './lift-hints.js';
import { liftProcedures } from './lift-procedures.js';
import { shellLang } from './parse-runbook.js';
import type { ParsedRunbook, RawItem } from './types.js';

export interface LiftOptions {
  /** `--lift`: lift prose procedures even where the document has shell fences. */
  lift?: boolean;
  /** `check`: say (info messages) where commands are not steps, and how to run them. */
  hints?: boolean;
}

/**
 * Adds the steps lifted from prose to `parsed.items`, in document order (docs/lifting.md): with
 * `--lift`, or on its own when the document has no step at all (no shell fence, no annotation),
 * which it says in an info message. Shell fences stay the steps they are.
 */
export function liftRunbook(parsed: ParsedRunbook, file: VFile, options: LiftOptions = {}): void {
  const automatic = !options.lift && parsed.items.length === 0 && !parsed.settingsAnnotation;
  if (!options.lift && !automatic && !options.hints) return;
  const source = String(file.value ?? '');
  const lifted = [
    ...liftProcedures(parsed.tree, { source, isShellFence: (node: Code) => shellLang(node) !== undefined }),
    ...optionsOf(parsed.headings, source.length),
  ];
  if (options.hints) reportLiftHints(parsed.tree, file, options.lift || automatic ? [] : lifted, parsed.items.length + (options.lift || automatic ? lifted.length : 0));
  if (lifted.length === 0 || (!options.lift && !automatic)) return;
  parsed.items = mergeInOrder(parsed.items, lifted);
  parsed.lift = { automatic, steps: lifted.length };
  if (automatic) {
    const message = file.info(
      `No shell fence: ${lifted.length} ${lifted.length === 1 ? 'step' : 'steps'} lifted from prose (commands in list items and code blocks, decisions), expected \`bash\` fences or annotations; review them with \`runbook lift ${file.path ?? 'FILE'}\``,
      { place: { line: 1, column: 1 }, ruleId: 'lifted', source: 'runbook' },
    );
    message.fatal = undefined;
  }
}

function startOf(item: RawItem): number {
  if (item.kind === 'annotation') return item.annotation.position.start.offset ?? 0;
  const annotation = item.fence.annotation;
  return (annotation?.origin === 'comment' ? annotation.position.start.offset : undefined) ?? item.fence.node.position?.start.offset ?? 0;
}

/** Both lists are in document order; the result is too (a written step before a lifted one at the same place). */
function mergeInOrder(items: RawItem[], lifted: Lifted[]): RawItem[] {
  const sorted = [...lifted].sort((a, b) => a.start - b.start);
  const merged: RawItem[] = [];
  let at = 0;
  for (const item of items) {
    const start = startOf(item);
    while (at < sorted.length && sorted[at]!.start < start) merged.push(sorted[at++]!.item);
    merged.push(item);
  }
  while (at < sorted.length) merged.push(sorted[at++]!.item);
  return merged;
}
