/**
 * JavaScript and TypeScript steps: a `js`/`ts` fence marked `run: true` is a command step whose
 * text runs through zx (docs/running.md). Its text is JavaScript, never shell: placeholders are
 * not rewritten, and values reach it as environment variables (`process.env.NAME`).
 */
import { JS_LANGS } from '../../parse/fence-language.js';
import type { CommandVariables } from '../text/command-variables.js';

/** True for a step whose text is JavaScript or TypeScript (run through zx). */
export function isJsStep(step: { lang?: string } | undefined): boolean {
  return step?.lang !== undefined && JS_LANGS.has(step.lang);
}

/** True for TypeScript (its types are stripped before zx runs it). */
export function isTypeScript(lang: string | undefined): boolean {
  return lang === 'ts' || lang === 'typescript';
}

// `process.env.NAME`, `process.env['NAME']`, `process.env["NAME"]`; `?? x` or `|| x` after it is a default.
const ENV_READ = /\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\2\s*\])(\s*(?:\?\?|\|\|))?/g;

/**
 * What a JS step reads: the upper-case `process.env` names it reads without a default (inputs,
 * as `$NAME` is in a shell step). A JS step sets nothing for later steps (its process ends).
 */
export function jsVariables(text: string): CommandVariables {
  const references = new Set<string>();
  for (const match of text.matchAll(ENV_READ)) {
    const name = match[1] ?? match[3]!;
    if (match[4] === undefined && /^[A-Z_][A-Z0-9_]*$/.test(name)) references.add(name);
  }
  return { placeholders: [], references: [...references], sets: [] };
}
