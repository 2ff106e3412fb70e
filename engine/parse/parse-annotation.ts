import type { VFile } from 'vfile';
import type { Point, Position } from 'unist';
import { isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { RawAnnotation, YamlPath } from './types.js';
import { yamlErrorPlace } from './yaml-error-place.js';

/**
 * Parses the YAML of an annotation (or front matter). `toPoint` maps an index in `text` to its
 * place in the runbook, so YAML errors and later schema errors point inside the comment.
 * A YAML error is reported on `file` (fatal) and yields an annotation with `invalid: true`.
 */
export function parseAnnotation(
  text: string,
  toPoint: (index: number) => Point,
  position: Position,
  file: VFile,
  what = 'annotation',
): RawAnnotation {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  const errors = doc.errors;
  const span = (start: number, end: number): Position => ({ start: toPoint(start), end: toPoint(Math.max(end, start)) });
  if (errors.length > 0) {
    const first = errors[0]!;
    const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const message = file.message(`Invalid YAML in ${what}: ${reason}`, {
      place: span(...yamlErrorPlace(text, first.message, first.pos)),
      ruleId: 'yaml',
      source: 'runbook',
    });
    message.fatal = true;
    return { origin: 'comment', data: undefined, invalid: true, position, place: () => position };
  }
  // A mapping or a list used as a key (`{ a: 1 }: x`, `? [a]`): no annotation key is one, and the
  // YAML library would stringify it with a process warning on stderr.
  let collectionKey: YamlNode | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isCollection(pair.key)) return undefined;
      collectionKey = pair.key;
      return visit.BREAK;
    },
  });
  if (collectionKey) {
    const message = file.message(`Invalid YAML in ${what}: a key is a ${isMap(collectionKey) ? 'mapping' : 'list'}, expected a word (a mapping goes after \`key:\` as its value)`, {
      place: rangeOf(collectionKey, span) ?? position,
      ruleId: 'yaml',
      source: 'runbook',
    });
    message.fatal = true;
    return { origin: 'comment', data: undefined, invalid: true, position, place: () => position };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    const message = file.message(`Invalid YAML in ${what}: ${error instanceof Error ? error.message : String(error)}`, {
      place: position,
      ruleId: 'yaml',
      source: 'runbook',
    });
    message.fatal = true;
    return { origin: 'comment', data: undefined, invalid: true, position, place: () => position };
  }
  return {
    origin: 'comment',
    // An empty annotation (`<!-- runbook -->`) has no keys.
    data: doc.contents === null ? {} : data,
    invalid: false,
    position,
    place: (path, part = 'value') => placeInDocument(doc, path, part, span) ?? position,
  };
}

function placeInDocument(
  doc: Document,
  path: YamlPath,
  part: 'key' | 'value',
  span: (start: number, end: number) => Position,
): Position | undefined {
  let node: unknown = doc.contents;
  let found: Position | undefined = rangeOf(node, span);
  for (let index = 0; index < path.length; index++) {
    const segment = path[index]!;
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return found;
      if (last && part === 'key') return rangeOf(pair.key, span) ?? found;
      node = pair.value;
      found = rangeOf(node, span) ?? rangeOf(pair.key, span) ?? found;
      if (node === null || node === undefined) return found;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      found = rangeOf(node, span) ?? found;
      if (node === undefined) return found;
    } else {
      return found;
    }
  }
  return found;
}

function rangeOf(node: unknown, span: (start: number, end: number) => Position): Position | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  if (!range) return undefined;
  return span(range[0], range[1]);
}
