/**
 * Runme-style attributes from a fence's info string: ```` ```sh {name=foo interactive=false} ````
 * or ```` ```sh {"name":"foo"} ````. Returns our step keys (Runme's `name` becomes `id`), or
 * `undefined` when the info string holds no attributes. Runme's own keys (its ULID `id`,
 * `promptEnv`, `terminalRows`, `excludeFromRunAll`…) and unknown keys are ignored.
 */
export function parseInfoAttributes(meta: string | null | undefined): { keys: Record<string, unknown> } | { error: string } | undefined {
  const text = meta?.trim();
  if (!text || !text.startsWith('{')) return undefined;
  if (!text.endsWith('}')) return { error: 'Unexpected fence attributes, expected them to end with `}`' };
  let raw: Record<string, unknown>;
  if (text.startsWith('{"') || text === '{}') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'Unexpected fence attributes, expected an object' };
      raw = parsed as Record<string, unknown>;
    } catch (error) {
      return { error: `Invalid JSON in fence attributes: ${error instanceof Error ? error.message : String(error)}` };
    }
  } else {
    const pairs = parsePairs(text.slice(1, -1));
    if ('error' in pairs) return pairs;
    raw = pairs.keys;
  }
  return { keys: translate(raw) };
}

const OUR_KEYS = new Set([
  'id', 'title', 'timeout', 'expect', 'capture', 'branch', 'on-failure', 'retry', 'confirm',
  'interactive', 'background', 'pipefail', 'skip', 'secret', 'end', 'max-visits', 'run',
]);
const BOOLEAN_KEYS = new Set(['interactive', 'background', 'pipefail', 'skip', 'run']);

function translate(raw: Record<string, unknown>): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'name') keys.id ??= value;
    else if (key === 'id') {
      // Runme writes a ULID here; only a non-ULID value is a step id.
      if (typeof value === 'string' && !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(value)) keys.id = value;
    } else if (OUR_KEYS.has(key)) keys[key] = coerce(key, value);
  }
  if (typeof raw.name === 'string') keys.id = raw.name;
  return keys;
}

function coerce(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (BOOLEAN_KEYS.has(key) || key === 'confirm') {
    if (value === 'true') return true;
    if (value === 'false') return false;
  }
  if (key === 'max-visits' && /^\d+$/.test(value)) return Number(value);
  return value;
}

/** `name=foo interactive=false title="Two words"` (commas also separate). */
function parsePairs(text: string): { keys: Record<string, unknown> } | { error: string } {
  const keys: Record<string, unknown> = {};
  let index = 0;
  const skip = () => {
    while (index < text.length && /[\s,]/.test(text[index]!)) index++;
  };
  skip();
  while (index < text.length) {
    const start = index;
    while (index < text.length && /[A-Za-z0-9_-]/.test(text[index]!)) index++;
    const key = text.slice(start, index);
    if (!key || text[index] !== '=') return { error: `Unexpected \`${text.slice(start).split(/\s/)[0]}\` in fence attributes, expected \`key=value\`` };
    index++;
    let value: string;
    const quote = text[index];
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote, index + 1);
      if (end === -1) return { error: `Unclosed quote in fence attribute \`${key}\`` };
      value = text.slice(index + 1, end);
      index = end + 1;
    } else {
      const valueStart = index;
      while (index < text.length && !/[\s,]/.test(text[index]!)) index++;
      value = text.slice(valueStart, index);
    }
    keys[key] = value;
    skip();
  }
  return { keys };
}
