import type { StepView } from './tui-state.js';

export type OutlineRow = { kind: 'section'; title: string } | { kind: 'step'; step: StepView; focus: boolean };

/** Sections and steps, windowed to `height` rows around the focused step. */
export function outlineRows(steps: StepView[], focusId: string | undefined, height: number): OutlineRow[] {
  const rows: OutlineRow[] = [];
  let section: string | undefined;
  for (const step of steps) {
    if (step.section !== section) {
      section = step.section;
      // A section whose only step carries its title needs no header row of its own.
      const members = steps.filter((other) => other.section === step.section);
      const redundant = members.length === 1 && members[0]!.title === step.sectionTitle;
      if (step.sectionTitle && !redundant) rows.push({ kind: 'section', title: step.sectionTitle });
    }
    rows.push({ kind: 'step', step, focus: step.id === focusId });
  }
  if (rows.length <= height) return rows;
  const focus = Math.max(0, rows.findIndex((row) => row.kind === 'step' && row.focus));
  const start = Math.max(0, Math.min(rows.length - height, focus - Math.floor(height / 3)));
  return rows.slice(start, start + height);
}
