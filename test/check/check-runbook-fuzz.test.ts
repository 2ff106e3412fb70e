import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { afterAll, expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
import { loadScenario } from '../../engine/rehearse/load-scenario.js';
import { makeDocument, makeScenario, seeded } from './fuzz-documents.js';

/**
 * Generated runbooks and scenarios never make checking throw, and every message has a place.
 * `npm test` checks a bounded number (a few seconds); `npm run fuzz` sets RUNBOOK_FUZZ=20000 and
 * prints the counts (documents, scenarios, uncaught exceptions).
 */
const count = Number(process.env.RUNBOOK_FUZZ ?? 300);
const seed = Number(process.env.RUNBOOK_FUZZ_SEED ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'runbook-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`${count} generated runbooks and scenarios: no exceptions, every message placed`, { timeout: Math.max(60_000, count * 200) }, async () => {
  const random = seeded(seed);
  const failures: string[] = [];
  let documents = 0;
  let scenarios = 0;
  for (let round = 0; round < count; round++) {
    const value = makeDocument(random);
    documents++;
    try {
      const file = new VFile({ path: 'fuzz.md', value });
      const loaded = checkRunbook(file);
      if (!loaded.graph) failures.push(`no graph\n---\n${value}`);
      for (const message of file.messages) {
        if (!(Number(message.line) > 0 && Number(message.column) > 0)) failures.push(`unplaced: ${message.reason}\n---\n${value}`);
      }
      if (round % 4 === 0) {
        const path = join(dir, 'fuzz.scenario.yaml');
        writeFileSync(path, makeScenario(random));
        scenarios++;
        await loadScenario(path, loaded.graph ? { graph: loaded.graph } : {});
      }
    } catch (error) {
      failures.push(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n---\n${value.slice(0, 2000)}`);
    }
  }
  if (process.env.RUNBOOK_FUZZ) console.log(`fuzz (seed ${seed}): ${documents} documents, ${scenarios} scenarios, ${failures.length} uncaught exceptions or unplaced messages`);
  expect(failures.slice(0, 3)).toEqual([]);
});
