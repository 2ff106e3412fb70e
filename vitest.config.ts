import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { shellTextPlugin } from './scripts/shell-text.mjs';

/** The longest files, started first so that none is left running alone at the end. */
const LONGEST = ['test/runbooks/scenarios.test.ts', 'test/check/malformed.test.ts', 'test/cli/resume-kill.test.ts'];

/**
 * Vitest's own order (the longest first, from the durations it caches after a run), but on a
 * fresh checkout, which has no such cache, the files known to be longest still go first.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const index = LONGEST.findIndex((name) => file.moduleId.endsWith(name));
      return index === -1 ? LONGEST.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Node reads the certificates named by NODE_EXTRA_CA_CERTS at every start, before any of our
// code runs. Where it names the system's whole bundle (these machines do), that is most of a
// bare `node`'s start, in each of the hundreds of processes the suite starts; none of them makes
// a TLS connection. The workers and all they start go without it. docs/testing.md has the figures.
delete process.env.NODE_EXTRA_CA_CERTS;

export default defineConfig({
  plugins: [shellTextPlugin()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/corpus/**'],
    globalSetup: ['test/global-setup.ts'],
    // Removes the temporary directories a test file made (test/helpers-temp.ts) once it has finished.
    setupFiles: ['test/setup-temp.ts'],
    // Three files at a time: most tests wait on child processes, so one worker (the default on
    // two cores) leaves a core idle. docs/testing.md has the figures.
    maxWorkers: Number(process.env.RUNBOOK_TEST_WORKERS ?? 3),
    // A worker keeps its modules from one file to the next instead of starting afresh for each:
    // a file must leave what it changes in a module (a patched prototype) as it found it.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    // Ink draws only a final frame when CI is set: the TUI tests need the live screen.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
    hookTimeout: 60_000,
  },
});
