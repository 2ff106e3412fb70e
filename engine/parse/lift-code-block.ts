import { commandWords, hasPrompt, isCommandWord } from './lift-command.js';

/** Languages of code blocks that may hold commands without saying so (untyped, `text`…). */
export const UNLABELLED_LANGS = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'none', 'terminal', 'cmd', 'command']);

/**
 * Do the lines of an unlabelled code block read as commands? Either a transcript (some line
 * carries a `$ ` or `user@host:~$ ` prompt and the first of them is a command), or every line
 * (outside here-documents, continuations and `#` comments) starts with a known tool or a path
 * to a script. URLs, YAML, JSON, logs and tables are not commands.
 */
export function codeBlockIsCommands(value: string): { transcript: boolean } | undefined {
  const lines = value.split('\n').map((line) => line.replace(/\r$/, ''));
  const prompted = lines.filter(hasPrompt);
  if (prompted.length > 0) return isCommandWord(commandWords(prompted[0]!)[0] ?? '') ? { transcript: true } : undefined;
  let commands = 0;
  let heredoc: string | undefined;
  let continued = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (heredoc !== undefined) {
      if (trimmed === heredoc) heredoc = undefined;
      continue;
    }
    if (continued) {
      continued = trimmed.endsWith('\\');
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const first = commandWords(trimmed)[0] ?? '';
    if (!isCommandWord(first) || first.includes('://')) return undefined;
    commands++;
    continued = trimmed.endsWith('\\') || trimmed.endsWith('|') || trimmed.endsWith('&&');
    heredoc = /<<-?\s*['"]?([A-Za-z_]\w*)['"]?/.exec(trimmed)?.[1];
  }
  return commands > 0 ? { transcript: false } : undefined;
}
