import { scanShell, type ShellContext } from './scan-shell.js';

/**
 * Replaces each `<placeholder-name>` by a reference to `$PLACEHOLDER_NAME` that is right for
 * where it sits, so the value reaches the command as data, never as code:
 * outside quotes `"${NAME}"`, inside double quotes or an unquoted here-document `${NAME}`,
 * inside single quotes `'"${NAME}"'` (close, reference, reopen). Placeholders in comments and
 * quoted here-documents (`<<'EOF'`) are left as written.
 */
export function rewritePlaceholders(command: string): string {
  const { placeholders } = scanShell(command);
  let result = '';
  let at = 0;
  for (const placeholder of placeholders) {
    const replacement = referenceFor(placeholder.input, placeholder.context);
    if (replacement === undefined) continue;
    result += command.slice(at, placeholder.start) + replacement;
    at = placeholder.end;
  }
  return result + command.slice(at);
}

function referenceFor(name: string, context: ShellContext): string | undefined {
  switch (context) {
    case 'plain':
      return `"\${${name}}"`;
    case 'double':
    case 'heredoc':
      return `\${${name}}`;
    case 'single':
      return `'"\${${name}}"'`;
    case 'ansi':
      return `'"\${${name}}"$'`;
    default:
      return undefined;
  }
}

/** The variable a placeholder name stands for: `pod-name` → `POD_NAME`. */
export { placeholderInput as placeholderVariable } from './scan-shell.js';
