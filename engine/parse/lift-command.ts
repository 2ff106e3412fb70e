import { IMPERATIVE_VERBS, KNOWN_COMMANDS } from './lift-words.js';

/** Why a piece of inline code is, or is not, a command to run (docs/lifting.md). */
export type CommandVerdict = { command: string } | { reason: string };

/** Words right before the code that make it a mention, not an instruction: "prior to running `x`". */
const MENTION =
  /\b(prior to|before|after|instead of|such as|similar to|e\.g\.|i\.e\.|like|unlike|output of|result of|results of|without|than|whether|when|while|until|if|unless|do not|don't|never|avoid|is|was|means|called|named)(\s+(running|using|calling|invoking|executing|the|a|an))?\s*$/i;
/** Words right before the code that ask for it to be run: "run `x`", "via `x`", "invoke: `x`", "…: `x`". */
const IMPERATIVE = /(\b(run|running|execute|executing|invoke|invoking|type|typing|use|using|via|call|calling|try|issue|enter|with|command|commands|following)\s*:?|[:(–—-])\s*$/i;

const PROMPT = /^\s*(\$|[\w.-]+@[\w.-]+:\S*[$#])\s+/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=\S*$/;

/** The executable's name as people write it: `kubectl`, `./deploy.sh`, `misc/borg.sh`, `/usr/bin/env`. */
export function isCommandWord(word: string): boolean {
  if (!/^[\w./~+-]+$/.test(word) || word.startsWith('-') || /^\d/.test(word)) return false;
  // As written: `Kubelet has disappeared …` is a sentence, not the `kubelet` tool.
  const base = word.slice(word.lastIndexOf('/') + 1);
  if (KNOWN_COMMANDS.has(base)) return true;
  return word.startsWith('./') || word.startsWith('~/') || (word.includes('/') && /\.(sh|py|rb|pl|bash)$/.test(word));
}

/** The words of a command line after leading `NAME=value` assignments, `sudo` and a pasted prompt. */
export function commandWords(line: string): string[] {
  const words = line.replace(PROMPT, '').trim().split(/\s+/).filter(Boolean);
  while (words.length > 0 && ASSIGNMENT.test(words[0]!)) words.shift();
  if (words[0] === 'sudo' || words[0] === 'time' || words[0] === 'exec') words.shift();
  return words;
}

/** Does `line` start with a prompt (`$ `, `user@host:~$ `)? */
export function hasPrompt(line: string): boolean {
  return PROMPT.test(line);
}

/**
 * Is the inline code `code`, written after `before` in its sentence, a command to run?
 * A command word and at least one argument; never a file name, a metric, a flag alone, a config
 * key or a template; a mention ("prior to running `x`") is not an instruction. A known tool is
 * enough; another word needs an imperative context or an item that is only the command.
 */
export function inlineCommand(code: string, before: string, itemOnly = false): CommandVerdict {
  const command = code.replace(PROMPT, '').trim();
  if (command === '') return { reason: 'empty' };
  if (/(\.\.\.|…)$/.test(command)) return { reason: 'elided (ends with ...)' };
  // A template (`{{ $labels.pod }} is not ready`); a quoted Go template is a format flag's value.
  if (command.replace(/'[^']*'|"[^"]*"/g, '').includes('{{')) return { reason: 'template' };
  const words = commandWords(command);
  if (words.length === 0) return { reason: 'an assignment (a config key)' };
  const first = words[0]!;
  if (first.startsWith('-')) return { reason: 'a flag alone' };
  if (words.length < 2) return { reason: 'one word (a file name, metric or bare tool name)' };
  if (!/^[\w./~+-]+$/.test(first) || /^\d/.test(first)) return { reason: 'not a command word' };
  if (/^[A-Z]/.test(first)) return { reason: 'a capitalised word (a sentence, an HTTP method)' };
  if (/[.!?]$/.test(command) && words.length > 4 && !isCommandWord(first)) return { reason: 'a sentence' };
  const context = before.replace(/[*_`]/g, '').trimEnd();
  if (MENTION.test(context)) return { reason: 'a mention' };
  if (isCommandWord(first)) return { command };
  if (itemOnly || IMPERATIVE.test(context)) return { command };
  return { reason: 'an unknown word without an imperative context' };
}

/** Does `text` start with a verb that opens a procedure step ("Check …", "Restart …")? */
export function startsImperative(text: string): boolean {
  const word = /^[\s*_]*([A-Za-z-]+)/.exec(text)?.[1]?.toLowerCase();
  return word !== undefined && IMPERATIVE_VERBS.has(word);
}
