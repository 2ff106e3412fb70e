import type { Code } from 'mdast';

/** Fences whose text is shell: scripts, and transcripts (commands behind prompts, then output). */
export const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'zsh', 'console', 'shell-session', 'shellsession', 'sh-session', 'bash-session', 'zsh-session', 'terminal', 'cli']);
/** Shell fences read as transcripts first (a `# ` line is a root prompt there, not a comment). */
export const CONSOLE_LANGS = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'bash-session', 'zsh-session', 'terminal', 'cli']);

/**
 * The language of a fence, lower-cased: the word before any `{` (```` ```sh{name=x} ````,
 * ```` ```sh {"name":"x"} ````), or the first class of a Pandoc/Hugo attribute block
 * (```` ```{.bash data-prompt="$"} ````, R Markdown's ```` ```{bash} ````). '' when untyped.
 */
export function fenceLanguage(node: Code): string {
  const lang = node.lang ?? '';
  if (lang.startsWith('{')) return /^\{\s*\.?([\w+-]+)/.exec(`${lang} ${node.meta ?? ''}`)?.[1]?.toLowerCase() ?? '';
  return lang.split('{')[0]!.toLowerCase();
}

/** A Pandoc-style attribute block (```` ```{.bash …} ````): its attributes are not runbook keys. */
export function isAttributeBlock(node: Code): boolean {
  return (node.lang ?? '').startsWith('{');
}

/**
 * Fences of JavaScript or TypeScript: a step when marked to run (`run: true` in the annotation
 * before it, or ```` ```js {run=true} ````), run through zx (docs/running.md).
 */
export const JS_LANGS = new Set(['js', 'javascript', 'mjs', 'ts', 'typescript']);

/** The JS/TS language of a code node (lower-cased), or undefined. */
export function jsLang(node: Code): string | undefined {
  const lang = fenceLanguage(node);
  return JS_LANGS.has(lang) ? lang : undefined;
}

/** The shell language of a code node (lower-cased), or undefined when it is not a shell fence. */
export function shellLang(node: Code): string | undefined {
  const lang = fenceLanguage(node);
  return lang && SHELL_LANGS.has(lang) ? lang : undefined;
}
