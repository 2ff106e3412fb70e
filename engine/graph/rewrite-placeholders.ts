/**
 * `<placeholder-name>` → a reference to `$PLACEHOLDER_NAME`, correct in its quoting context, so
 * the value reaches the command as data (an environment variable), never as code:
 * outside quotes `"${NAME}"`, inside double quotes `${NAME}`, inside single quotes `'"${NAME}"'`,
 * inside `$'…'` `'"${NAME}"$'`. A `<` that follows another `<` (here-doc, here-string) is not a
 * placeholder, nor is anything in a comment.
 */

type Context = 'plain' | 'double' | 'single' | 'ansi' | 'backtick';

const PLACEHOLDER = /^<([a-z][a-z0-9_-]*)>/;

/** The variable name for a placeholder name: `pod-name` → `POD_NAME`. */
export function placeholderVariable(name: string): string {
  return name.toUpperCase().replaceAll('-', '_');
}

export function rewritePlaceholders(command: string): string {
  let out = '';
  // Stack of contexts: `$(` inside double quotes opens a fresh plain context.
  const stack: Context[] = ['plain'];
  let i = 0;
  while (i < command.length) {
    const context = stack[stack.length - 1]!;
    const ch = command[i]!;

    if (ch === '<' && command[i - 1] !== '<') {
      const match = PLACEHOLDER.exec(command.slice(i, i + 80));
      if (match) {
        const variable = placeholderVariable(match[1]!);
        const quoted = context === 'plain' || (context === 'backtick' && !stack.includes('double'));
        out +=
          quoted
            ? `"\${${variable}}"`
            : context === 'double' || context === 'backtick'
              ? `\${${variable}}`
              : context === 'single'
                ? `'"\${${variable}}"'`
                : `'"\${${variable}}"$'`;
        i += match[0].length;
        continue;
      }
    }

    switch (context) {
      case 'single':
        if (ch === "'") stack.pop();
        break;
      case 'ansi':
        if (ch === '\\') {
          out += command.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (ch === "'") stack.pop();
        break;
      case 'double':
        if (ch === '\\') {
          out += command.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (ch === '"') stack.pop();
        else if (ch === '$' && command[i + 1] === '(') {
          stack.push('plain');
          out += '$(';
          i += 2;
          continue;
        } else if (ch === '`') stack.push('backtick');
        break;
      case 'backtick':
        if (ch === '\\') {
          out += command.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (ch === '`') stack.pop();
        break;
      case 'plain': {
        if (ch === '\\') {
          out += command.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (ch === "'") stack.push('single');
        else if (ch === '"') stack.push('double');
        else if (ch === '`') stack.push('backtick');
        else if (ch === '$' && command[i + 1] === "'") {
          stack.push('ansi');
          out += "$'";
          i += 2;
          continue;
        } else if (ch === '$' && command[i + 1] === '(') {
          stack.push('plain');
          out += '$(';
          i += 2;
          continue;
        } else if (ch === '(') stack.push('plain');
        else if (ch === ')' && stack.length > 1) stack.pop();
        else if (ch === '#' && (i === 0 || /[\s;&|(]/.test(command[i - 1]!))) {
          // A comment: copy to the end of the line untouched.
          const end = command.indexOf('\n', i);
          const stop = end === -1 ? command.length : end;
          out += command.slice(i, stop);
          i = stop;
          continue;
        }
        break;
      }
    }
    out += ch;
    i += 1;
  }
  return out;
}
