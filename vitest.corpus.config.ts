import { defineConfig } from 'vitest/config';
import { shellTextPlugin } from './scripts/shell-text.mjs';

export default defineConfig({
  plugins: [shellTextPlugin()],
  test: {
    include: ['test/corpus/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
  },
});
