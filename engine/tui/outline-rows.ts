import type { StepView } from './tui-state.js';

export type OutlineRow = { kind: 'section'; title: string } | { kind: 'step'; step: StepView; focus: boolean };

/** Sections and steps, windowed to `height` rows around the focused step. */
export function outlineRows(steps: StepView[], focusId: string | undefined, height: number): OutlineRow[] {
  const rows: OutlineRow[] = [];
  let section: string | undefined;
  for (const step of steps) {
    if (step.section !== section) {
      section = step.section;
      if (step.sectionTitle) rows.push({ kind: 'section', title: step.sectionTitle });
    }
    rows.push({ kind: 'step', step, focus: step.id === focusId });
  }
  if (rows.length <= height) return rows;
  const focus = Math.max(0, rows.findIndex((row) => row.kind === 'step' && row.focus));
  const start = Math.max(0, Math.min(rows.length - height, focus - Math.floor(height / 3)));
  return rows.slice(start, start + height);
}
