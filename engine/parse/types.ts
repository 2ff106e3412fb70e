import type { Code, Heading, Root } from 'mdast';
import type { Position } from 'unist';

/** A path into an annotation's YAML value, e.g. `['branch', 0, 'goto']`. */
export type YamlPath = readonly (string | number)[];

/**
 * A `<!-- runbook … -->` comment (or Runme-style fence attributes), with its YAML already parsed.
 * `data` is the plain value; `place` maps a path inside it to the node's place in the runbook.
 */
export interface RawAnnotation {
  /** Where the keys came from: an HTML comment, a fence's info string, or lifted from prose (`lift-*`). */
  origin: 'comment' | 'attributes' | 'lifted';
  /** Lifted steps only: choice (or `goto`) targets found once the graph exists: the first step at or after the offset. */
  liftTargets?: Record<string, number>;
  /** Lifted steps only: where `runbook lift` writes the step's annotation. */
  liftPlace?: LiftPlace;
  /** The parsed YAML (or attributes), `undefined` when the YAML was invalid. */
  data: unknown;
  /** The YAML did not parse (a message was already reported). */
  invalid: boolean;
  /** The whole comment (or the fence's opening line). */
  position: Position;
  /** The place of the key (`'key'`) or value (`'value'`) at `path`; the closest existing ancestor otherwise. */
  place(path: YamlPath, part?: 'key' | 'value'): Position;
}

/** A fenced code block whose language is a shell (or JS/TS marked `run: true`). */
export interface RawFence {
  node: Code;
  /** Lower-cased language: bash, sh, shell, zsh, console… or js, ts… (run through zx). */
  lang: string;
  /** The comment directly before the fence. */
  annotation?: RawAnnotation;
  /** Runme-style `{name=foo}` attributes from the info string, translated to our keys. */
  attributes?: RawAnnotation;
  /** A following ```` ```output ```` fence. */
  output?: Code;
  /** Lifted from prose (`--lift`): an inline command, or a code block that is not labelled a shell. */
  lifted?: boolean;
  /** Lifted steps: where `runbook lift` writes the step (a code block is relabelled where it is). */
  liftPlace?: LiftPlace;
}

/**
 * Where `runbook lift` writes a lifted step: `after` the block it comes from (an inline command's
 * paragraph, a manual item's content), `before` it (decisions, option headings), or in place of
 * the code `block` it relabels. `from` is where the block starts: its line's container prefix
 * (list indentation, `> ` of block quotes) is repeated on the lines written.
 */
export interface LiftPlace {
  where: 'after' | 'before' | 'block';
  offset: number;
  from: number;
}

export type RawItem =
  | { kind: 'fence'; fence: RawFence }
  | { kind: 'annotation'; annotation: RawAnnotation };

export interface RawHeading {
  node: Heading;
  depth: number;
  text: string;
  /** GitHub's anchor, unique in the document (`-1`, `-2`… for repeats). */
  slug: string;
}

export interface ParsedRunbook {
  tree: Root;
  /** Front matter as a plain value (when it parsed). */
  frontMatter?: Record<string, unknown>;
  frontMatterAnnotation?: RawAnnotation;
  /** `<!-- runbook\nrunbook: … -->` before the first step. */
  settingsAnnotation?: RawAnnotation;
  /** Steps-to-be in document order: shell fences and standalone annotations. */
  items: RawItem[];
  /** Every heading in document order. */
  headings: RawHeading[];
  /** Set when steps were lifted from prose; `automatic` when the document has no shell fence and no annotation. */
  lift?: { automatic: boolean; steps: number };
}
