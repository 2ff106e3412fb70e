// Builds the CLI into dist/ with esbuild: one ESM entry plus lazily loaded chunks
// (the TUI, zx) so that `runbook check` never loads Ink or React.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { runbook: 'engine/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  jsx: 'automatic',
  logLevel: 'warning',
  absWorkingDir: new URL('..', import.meta.url).pathname,
});
