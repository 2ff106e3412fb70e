import type { StepView } from './tui-state.js';

/** Steps whose title, id or section contains every word of the filter (case-insensitive). */
export function filterSteps(steps: StepView[], filter: string): StepView[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return steps;
  return steps.filter((step) => {
    const haystack = `${step.title} ${step.id} ${step.sectionTitle}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
