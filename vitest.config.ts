import { defineConfig } from 'vitest/config';
import { shellTextPlugin } from './scripts/shell-text.mjs';

export default defineConfig({
  plugins: [shellTextPlugin()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/corpus/**'],
    globalSetup: ['test/global-setup.ts'],
    // Removes the temporary directories a test file made (test/helpers-temp.ts) once it has finished.
    setupFiles: ['test/setup-temp.ts'],
    // Two files at a time: most tests wait on child processes, so one worker (the default on
    // two cores) leaves a core idle. docs/testing.md has the figures.
    maxWorkers: 2,
    testTimeout: 30_000,
    // Ink draws only a final frame when CI is set: the TUI tests need the live screen.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
    hookTimeout: 60_000,
  },
});
