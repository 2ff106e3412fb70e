/**
 * The path of an ajv error's `instancePath` (a JSON pointer) as keys and indexes, so the
 * problem can be placed on its YAML node: `/branch/0/when` → `['branch', 0, 'when']`.
 */
export function instancePath(pointer: string, data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const step = Array.isArray(node) ? Number(segment) : segment;
    path.push(step);
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  }
  return path;
}
