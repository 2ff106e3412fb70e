import { defineConfig } from 'vitest/config';
import { shellTextPlugin } from './scripts/shell-text.mjs';

export default defineConfig({
  plugins: [shellTextPlugin()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/corpus/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Ink draws only a final frame when CI is set: the TUI tests need the live screen.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
    hookTimeout: 60_000,
  },
});
