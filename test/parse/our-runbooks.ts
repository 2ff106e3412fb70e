import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The text of every runbook in `runbooks/` (real input for parser tests). */
export function ourRunbookTexts(): string[] {
  const runbooks = path.join(import.meta.dirname, '../../runbooks');
  const texts: string[] = [];
  for (const system of readdirSync(runbooks)) {
    for (const name of readdirSync(path.join(runbooks, system))) {
      if (name.endsWith('.md')) texts.push(readFileSync(path.join(runbooks, system, name), 'utf8'));
    }
  }
  return texts;
}
