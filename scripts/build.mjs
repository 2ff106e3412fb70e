// Builds the CLI into dist/ with esbuild: one ESM entry plus lazily loaded chunks
// (the TUI) so that `runbook check` never loads Ink or React. Dependencies are bundled (fewer
// files to resolve at start-up), except the ones loaded lazily or shipping their own assets.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

// The schemas' validators first: the engine imports them (and the tests, from the sources).
await import('./compile-schemas.mjs');

// Build beside dist/ and swap it in, so a CLI started meanwhile never sees a half-written dist/.
const out = join(root, `dist.${process.pid}`);
await build({
  // `lib`: the engine's public API (engine/index.ts), used by benchmarks and embedders.
  entryPoints: { runbook: 'engine/cli/main.ts', lib: 'engine/index.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: process.env.RUNBOOK_EXTERNAL ? 'external' : undefined,
  external: ['ink', 'react', 'react/*', 'yoga-layout', 'ink-testing-library'],
  banner: { js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  jsx: 'automatic',
  logLevel: 'error',
  absWorkingDir: root,
});
const old = join(root, `dist.old.${process.pid}`);
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
renameSync(out, join(root, 'dist'));
rmSync(old, { recursive: true, force: true });
