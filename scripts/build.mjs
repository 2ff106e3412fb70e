// Builds the CLI into dist/ with esbuild: the CLI as one CommonJS file started from a V8 code
// cache (scripts/start.cjs), the TUI and the library as ES modules, so that `runbook check` never
// loads Ink or React. Dependencies are bundled (fewer files to resolve at start-up), except the
// ones loaded lazily or shipping their own assets.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binFlags } from './bin-flags.mjs';
import { shellTextLoader } from './shell-text.mjs';

const root = new URL('..', import.meta.url).pathname;

// The schemas' validators first: the engine imports them (and the tests, from the sources).
await import('./compile-schemas.mjs');

// Build beside dist/ and swap it in, so a CLI started meanwhile never sees a half-written dist/.
const out = join(root, `dist.${process.pid}`);
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: process.env.RUNBOOK_EXTERNAL ? 'external' : undefined,
  external: ['ink', 'react', 'react/*', 'yoga-layout', 'ink-testing-library', '@lydell/node-pty', 'pg-native'],
  sourcemap: 'linked',
  jsx: 'automatic',
  loader: shellTextLoader,
  logLevel: 'error',
  absWorkingDir: root,
};
// The tracing module is the ES module built below, beside the bundles that import it.
const otelBeside = {
  name: 'otel-beside',
  setup(build) {
    build.onResolve({ filter: /(^|\/)otel-run-trace\.js$/ }, () => ({ path: './otel-run-trace.js', external: true }));
  },
};
// OpenTelemetry's tracing, which the CLI imports only when an OTLP endpoint is set
// (docs/tracing.md): one ES module of its own, from the packages' ES module builds (`module`),
// which esbuild can tree-shake (their CommonJS builds bring all of the semantic conventions and
// the metrics SDK: four times the size).
await build({
  ...common,
  entryPoints: { 'otel-run-trace': 'engine/trace/otel-run-trace.ts' },
  outdir: out,
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);" },
});
// ES modules: `lib` (the engine's public API, engine/index.ts, used by benchmarks and embedders)
// and the TUI, which the CLI imports only for a live terminal (Ink is ESM with top-level await).
await build({
  ...common,
  entryPoints: { lib: 'engine/index.ts', 'render-run-tui': 'engine/tui/render-run-tui.tsx' },
  outdir: out,
  splitting: true,
  plugins: [otelBeside],
  format: 'esm',
  banner: { js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);" },
});
// The CLI: one CommonJS file, so that V8 can start it from a code cache (scripts/start.cjs).
const buildId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
await build({
  ...common,
  entryPoints: ['engine/cli/main.ts'],
  outfile: join(out, 'runbook.cjs'),
  format: 'cjs',
  // Half the bytes to read and to take from the code cache at each start; names are kept (error
  // classes, stack traces), and runbook.cjs.map maps places back to the sources.
  minify: true,
  keepNames: true,
  banner: { js: `// runbook build ${buildId}` },
  plugins: [
    {
      name: 'tui-beside',
      setup(build) {
        // The TUI module is the ESM entry built above, beside the bundle.
        build.onResolve({ filter: /\/tui\/render-run-tui\.js$/ }, () => ({ path: './render-run-tui.js', external: true }));
      },
    },
    otelBeside,
  ],
});
// The TUI's and the tracing's imports go through scripts/start.cjs's own `import()` (see there why).
const bundleFile = join(out, 'runbook.cjs');
let bundled = readFileSync(bundleFile, 'utf8');
for (const module of ['./render-run-tui.js', './otel-run-trace.js']) {
  const esmImport = `import(${JSON.stringify(module)})`;
  if (bundled.split(esmImport).length !== 2) throw new Error(`build: expected one ${esmImport} in runbook.cjs`);
  bundled = bundled.replace(esmImport, `__runbookImport(${JSON.stringify(module)})`);
}
writeFileSync(bundleFile, bundled);
// start.cjs with the bin's V8 flags, which it sets itself when the CLI was started without them.
const start = readFileSync(join(root, 'scripts', 'start.cjs'), 'utf8');
if (!start.includes('const BIN_FLAGS = [];')) throw new Error('build: expected `const BIN_FLAGS = [];` in scripts/start.cjs');
writeFileSync(join(out, 'start.cjs'), start.replace('const BIN_FLAGS = [];', `const BIN_FLAGS = ${JSON.stringify(binFlags(root))};`));
// For whoever runs dist/runbook.js itself (tests' snapshots of dist/).
writeFileSync(join(out, 'runbook.js'), "import './start.cjs';\n");
const old = join(root, `dist.old.${process.pid}`);
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
renameSync(out, join(root, 'dist'));
rmSync(old, { recursive: true, force: true });

// The code cache: written by a run of a small annotated runbook (parse, check, run, journal), under
// the flags of bin/runbook.js (V8 rejects a cache made under other flags).
const flags = binFlags(root);
const warm = mkdtempSync(join(tmpdir(), 'runbook-warm-'));
try {
  writeFileSync(
    join(warm, 'warm.md'),
    '# Warm\n\n<!-- runbook\nid: hello\nexpect:\n  stdout: hello\n-->\n```bash\necho hello\n```\n',
  );
  execFileSync(process.execPath, [...flags, join(root, 'dist', 'start.cjs'), 'run', join(warm, 'warm.md'), '--yes', '--journal', join(warm, 'journal')], {
    cwd: warm,
    env: { ...process.env, RUNBOOK_WRITE_CODE_CACHE: '1', NO_COLOR: '1' },
    stdio: 'ignore',
  });
} catch (error) {
  // The CLI runs without it, compiled as usual (test/cli/start-up.test.ts notices).
  console.warn(`runbook build: no code cache: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(warm, { recursive: true, force: true });
}
