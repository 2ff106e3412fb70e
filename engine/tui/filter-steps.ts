import type { StepView } from './tui-state.js';

/**
 * Steps whose title, id or section contains every word of the filter (case-insensitive), best
 * first: a word matching a whole word ranks above one starting a word, which ranks above one
 * inside a word (letters scattered through a title come last); the title counts over the id and
 * the section; ties keep document order.
 */
export function filterSteps(steps: StepView[], filter: string): StepView[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return steps;
  const scored: { step: StepView; score: number; index: number }[] = [];
  steps.forEach((step, index) => {
    const title = step.title.toLowerCase();
    const rest = `${step.id} ${step.sectionTitle}`.toLowerCase();
    let score = 0;
    for (const word of words) {
      const inTitle = wordScore(title, word);
      const inRest = wordScore(rest, word);
      if (inTitle === 0 && inRest === 0) return;
      score += Math.max(inTitle * 2, inRest);
    }
    scored.push({ step, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((entry) => entry.step);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** 3: a whole word; 2: the start of a word; 1: inside a word; 0: absent. */
function wordScore(text: string, word: string): number {
  let best = 0;
  for (let at = text.indexOf(word); at !== -1 && best < 3; at = text.indexOf(word, at + 1)) {
    const starts = at === 0 || !WORD_CHAR.test(text[at - 1]!);
    const end = at + word.length;
    const ends = end === text.length || !WORD_CHAR.test(text[end]!);
    best = Math.max(best, starts && ends ? 3 : starts ? 2 : 1);
  }
  return best;
}
