/**
 * Why a JSONPath is not one we accept (a strict subset of what jsonpath-plus evaluates), or
 * undefined when it is fine: `$`, `.name`, `..name`, `.*`, `[n]`, `[-n]`, `[n:m]`, `[*]`,
 * `['name']`, `["name"]`, `[a,b]` and filters `[?(…)]` with balanced brackets.
 */
export function jsonPathError(path: string): string | undefined {
  if (!path.startsWith('$')) return 'expected it to start with `$`';
  let index = 1;
  while (index < path.length) {
    const char = path[index]!;
    if (char === '.') {
      const deep = path[index + 1] === '.';
      index += deep ? 2 : 1;
      if (path[index] === '*') {
        index++;
        continue;
      }
      if (deep && path[index] === '[') continue;
      const name = /^[A-Za-z_$@][\w$@-]*/.exec(path.slice(index))?.[0];
      if (!name) return `expected a name after \`${deep ? '..' : '.'}\` at character ${index + 1}`;
      index += name.length;
    } else if (char === '[') {
      const end = closingBracket(path, index);
      if (end === -1) return `unclosed \`[\` at character ${index + 1}`;
      const inner = path.slice(index + 1, end).trim();
      const ok =
        inner === '*' ||
        /^-?\d+$/.test(inner) ||
        /^-?\d*:-?\d*(?::-?\d+)?$/.test(inner) ||
        /^(?:'[^']*'|"[^"]*"|-?\d+)(?:\s*,\s*(?:'[^']*'|"[^"]*"|-?\d+))*$/.test(inner) ||
        /^\?\(.+\)$/s.test(inner) ||
        /^\(.+\)$/s.test(inner);
      if (!ok) return `unexpected \`[${inner}]\` at character ${index + 1}`;
      index = end + 1;
    } else {
      return `unexpected \`${char}\` at character ${index + 1}`;
    }
  }
  return undefined;
}

function closingBracket(path: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = open; index < path.length; index++) {
    const char = path[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) return index;
  }
  return -1;
}
