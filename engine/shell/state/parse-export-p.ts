/**
 * Reads bash's `export -p` output back into a `{ NAME: value }` record. bash prints
 * `declare -x NAME="value"` (with `\"`, `\\`, `\$` and `` \` `` escaped), `declare -x NAME=$'…'`
 * (ANSI-C quoting, for values with control or non-ASCII bytes), or `declare -x NAME` (exported
 * but unset: left out here).
 */
export function parseExportP(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const prefix = /declare -[a-zA-Z-]*x[a-zA-Z]* ([A-Za-z_][A-Za-z0-9_]*)(=?)/y;
  let i = 0;
  while (i < text.length) {
    prefix.lastIndex = i;
    const match = prefix.exec(text);
    if (!match) {
      // Not ours (should not happen): skip the line.
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline + 1;
      continue;
    }
    const name = match[1]!;
    i = prefix.lastIndex;
    if (match[2] === '=') {
      const [value, end] = text.startsWith("$'", i) ? readAnsi(text, i + 2) : readDouble(text, i + 1);
      env[name] = value;
      i = end;
    }
    // Skip to the start of the next line.
    while (i < text.length && text[i] !== '\n') i += 1;
    i += 1;
  }
  return env;
}

function readDouble(text: string, start: number): [string, number] {
  let value = '';
  let i = start;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
      value += text[i + 1];
      i += 2;
    } else {
      value += text[i];
      i += 1;
    }
  }
  return [value, i + 1];
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  e: 27,
  E: 27,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63,
};

/** `$'…'`: escapes are bytes (octal `\303\251` is UTF-8 `é`), decoded as UTF-8 at the end. */
function readAnsi(text: string, start: number): [string, number] {
  const bytes: number[] = [];
  let i = start;
  while (i < text.length && text[i] !== "'") {
    const ch = text[i]!;
    if (ch !== '\\') {
      for (const byte of Buffer.from(ch, 'utf8')) bytes.push(byte);
      i += 1;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[next]!);
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      bytes.push(parseInt(octal, 8) & 0xff);
      i += 1 + octal.length;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4))?.[0] ?? '';
      bytes.push(hex ? parseInt(hex, 16) : 0);
      i += 2 + hex.length;
    } else if (next === 'u' || next === 'U') {
      const hex = /^[0-9a-fA-F]{1,8}/.exec(text.slice(i + 2, i + (next === 'u' ? 6 : 10)))?.[0] ?? '';
      for (const byte of Buffer.from(String.fromCodePoint(parseInt(hex || '0', 16)), 'utf8')) bytes.push(byte);
      i += 2 + hex.length;
    } else if (next === 'c') {
      bytes.push((text.charCodeAt(i + 2) || 0) & 0x1f);
      i += 3;
    } else {
      bytes.push(92);
      i += 1;
    }
  }
  return [Buffer.from(bytes).toString('utf8'), i + 1];
}
