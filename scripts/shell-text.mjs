// `.sh` files the engine imports (the shell server's program) are inlined as their text: by
// esbuild's text loader in the build and the benchmarks, by this plugin under vitest, which runs
// the TypeScript sources directly.
export const shellTextLoader = { '.sh': 'text' };

/** A vite plugin: `import program from './x.sh'` gives the file's text. */
export function shellTextPlugin() {
  return {
    name: 'runbook-shell-text',
    transform(code, id) {
      return id.endsWith('.sh') ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
    },
  };
}
