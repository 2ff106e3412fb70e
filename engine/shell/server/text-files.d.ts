/** A `.sh` file imported as its text: the build inlines it (esbuild's text loader), vitest too (vitest.config.ts). */
declare module '*.sh' {
  const text: string;
  export default text;
}
