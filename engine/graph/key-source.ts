import type { Position } from 'unist';
import type { RawAnnotation, YamlPath } from '../parse/types.js';
import { isRecord } from './compile-condition.js';

/** A step's keys, merged from its comment and its fence attributes (the comment wins per key). */
export interface KeySource {
  keys: Record<string, unknown>;
  /** Where a key (or its value) was written. */
  place(path: YamlPath, part?: 'key' | 'value'): Position;
  /** The annotation a key was written in. */
  owner(key: string): RawAnnotation | undefined;
}

/** `annotations` in order of precedence; invalid ones (YAML errors) are left out. */
export function keySource(annotations: (RawAnnotation | undefined)[]): KeySource {
  const present = annotations.filter((annotation): annotation is RawAnnotation => !!annotation && !annotation.invalid && isRecord(annotation.data));
  const keys: Record<string, unknown> = {};
  for (const annotation of [...present].reverse()) Object.assign(keys, annotation.data);
  const owner = (key: string) => present.find((annotation) => key in (annotation.data as Record<string, unknown>));
  const fallback = annotations.find((annotation) => !!annotation)?.position ?? {
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
  };
  return {
    keys,
    owner,
    place: (path, part) => {
      const first = path[0];
      const annotation = typeof first === 'string' ? owner(first) : present[0];
      return annotation ? annotation.place(path, part) : fallback;
    },
  };
}
