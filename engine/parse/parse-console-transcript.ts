import type { Transcript } from '../contracts/step-graph.js';

/** `$ `, `user@host:~$ `, `[user@host dir]$ `, `root@host:/# `, indented or not. */
const PROMPT = /^\s*(?:\$|[\w.-]+@[\w.-]+(?::[^\s$#]*)?[$#]|\[[\w.-]+@[\w.-]+[^\]]*\][$#])(?: |$)/;
/** A root prompt `# ` (console-like fences only: in a bash fence `#` is a comment). */
const ROOT_PROMPT = /^\s*# (?=[\w./~-]+(\s|$))/;

export interface TranscriptOptions {
  /** `# command` is a root prompt (console-like fences). */
  rootPrompt?: boolean;
}

/**
 * A transcript (a ```` ```console ```` fence, or a shell fence whose commands carry prompts):
 * lines starting with a prompt are commands, the other lines are their output. A line continues
 * the command (with or without its `> `) only while the command is unfinished: after a line
 * ending in `\`, `|`, `&&` or `||`, inside an open quote, or inside a here-document; so
 * `> PING` after `$ redis-cli` is output. Several commands make one step: their commands joined
 * by newlines, their outputs concatenated. Without any prompt the whole text is the command.
 * `firstLine` is the runbook line of the fence's first content line.
 */
export function parseConsoleTranscript(value: string, firstLine: number, options: TranscriptOptions = {}): { command: string; expected?: Transcript } {
  const lines = value.split('\n').map((line) => line.replace(/\r$/, ''));
  const promptOf = (line: string) => PROMPT.exec(line)?.[0] ?? (options.rootPrompt ? ROOT_PROMPT.exec(line)?.[0] : undefined);
  if (!lines.some((line) => promptOf(line) !== undefined)) return { command: value };

  const commands: string[] = [];
  const expected: string[] = [];
  const lineNumbers: number[] = [];
  let open = false;
  lines.forEach((line, index) => {
    const prompt = open ? undefined : promptOf(line);
    if (prompt !== undefined) {
      commands.push(line.slice(prompt.length));
      open = unfinished(commands[commands.length - 1]!);
    } else if (open) {
      const text = line === '>' || line.startsWith('> ') ? line.slice(2) : line;
      commands[commands.length - 1] += '\n' + text;
      open = unfinished(commands[commands.length - 1]!);
    } else if (commands.length > 0) {
      expected.push(line);
      lineNumbers.push(firstLine + index);
    }
  });
  while (expected.length > 0 && expected[expected.length - 1]!.trim() === '') {
    expected.pop();
    lineNumbers.pop();
  }
  const command = commands.join('\n');
  if (expected.length === 0) return { command };
  return { command, expected: { lines: expected, startLine: lineNumbers[0]!, lineNumbers } };
}

/** Does the shell text carry prompts, so that it is a transcript rather than a script? */
export function hasPrompts(value: string, options: TranscriptOptions = {}): boolean {
  const first = value.split('\n').find((line) => line.trim() !== '' && !(line.trim().startsWith('#') && !options.rootPrompt));
  return first !== undefined && (PROMPT.test(first) || (options.rootPrompt === true && ROOT_PROMPT.test(first)));
}

/** Is the command text still open: a trailing `\`, `|`, `&&`, `||`, an open quote, an open here-document? */
function unfinished(command: string): boolean {
  const lines = command.split('\n');
  const last = lines[lines.length - 1]!;
  if (/(\\|\|\||&&|\|)\s*$/.test(last)) return true;
  const heredoc = /<<-?\s*(['"]?)([A-Za-z_]\w*)\1/.exec(command);
  if (heredoc && !lines.slice(1).some((line) => line.replace(/^\t+/, '') === heredoc[2])) return true;
  return openQuote(command);
}

/** An odd number of unescaped quotes of the kind that opened first (single quotes take no escapes). */
function openQuote(text: string): boolean {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote === undefined) {
      if (char === '\\') index++;
      else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
        const newline = text.indexOf('\n', index);
        if (newline === -1) return false;
        index = newline;
      } else if (char === "'" || char === '"') quote = char;
    } else if (char === quote) quote = undefined;
    else if (quote === '"' && char === '\\') index++;
  }
  return quote !== undefined;
}
