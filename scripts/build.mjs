// Builds the CLI into dist/ with esbuild: one ESM entry plus lazily loaded chunks
// (the TUI, zx) so that `runbook check` never loads Ink or React.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * While parts of the engine are being written in parallel, a missing module becomes one that
 * throws when loaded, so the rest of the CLI still builds. TEMPORARY: removed at integration.
 */
const missingModules = {
  name: 'missing-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const path = resolve(args.resolveDir, args.path).replace(/\.js$/, '');
      if (['', '.ts', '.tsx', '.js'].some((ext) => existsSync(path + ext))) return undefined;
      return { path, namespace: 'missing' };
    });
    b.onLoad({ filter: /.*/, namespace: 'missing' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`runbook: ${args.path.slice(root.length)} is not built yet`)});`,
      loader: 'js',
    }));
  },
};

// Build beside dist/ and swap it in, so a CLI started meanwhile never sees a half-written dist/.
const out = join(root, `dist.${process.pid}`);
await build({
  // `lib`: the engine's public API (engine/index.ts), used by benchmarks and embedders.
  entryPoints: { runbook: 'engine/cli/main.ts', ...(existsSync(join(root, 'engine/index.ts')) ? { lib: 'engine/index.ts' } : {}) },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: process.env.RUNBOOK_EXTERNAL ? 'external' : undefined,
  external: ['ink', 'react', 'react/*', 'yoga-layout', 'zx', 'execa', 'ink-testing-library'],
  banner: { js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  jsx: 'automatic',
  logLevel: 'error',
  absWorkingDir: root,
  plugins: [missingModules],
});
const old = join(root, `dist.old.${process.pid}`);
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
renameSync(out, join(root, 'dist'));
rmSync(old, { recursive: true, force: true });
