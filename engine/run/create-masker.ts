/**
 * Replaces secret values, and values that look like tokens, by `••••••` before anything
 * leaves the runner. Streams are masked line by line (`createStreamMasker`) so that a secret
 * split across two output chunks is still caught.
 */

import type { Masker } from '../contracts/run-seams.js';

export const MASK = '••••••';

export type { Masker };

/** Token shapes masked even when nobody declared them secret. */
const TOKEN_PATTERNS = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
];
/** Cheap substrings that must be present for a token pattern to match (skips the regexes on bulk output). */
const TOKEN_HINTS = ['Bearer', 'eyJ', 'gh', 'xox', 'AKIA', 'ASIA'];

/** Values shorter than this are not masked on their own (masking `1` or `a` would shred every line). */
const MIN_SECRET_LENGTH = 3;

export function createMasker(secretValues: Iterable<string> = []): Masker {
  let secrets: string[] = [];

  function add(values: Iterable<string>): void {
    const next = new Set(secrets);
    for (const value of values) {
      if (typeof value !== 'string') continue;
      const trimmed = value.trim();
      if (value.length >= MIN_SECRET_LENGTH) next.add(value);
      if (trimmed !== value && trimmed.length >= MIN_SECRET_LENGTH) next.add(trimmed);
      // Multi-line secrets (keys): each long-enough line on its own too, for line-buffered streams.
      if (value.includes('\n')) {
        for (const line of value.split('\n')) if (line.trim().length >= 8) next.add(line.trim());
      }
    }
    // Longest first, so a secret containing another is replaced whole.
    secrets = [...next].sort((a, b) => b.length - a.length);
  }

  function mask(text: string): string {
    if (text.length === 0) return text;
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    if (TOKEN_HINTS.some((hint) => result.includes(hint))) {
      for (const pattern of TOKEN_PATTERNS) {
        pattern.lastIndex = 0;
        result = result.replace(pattern, (token) => (token.startsWith('Bearer') ? `Bearer ${MASK}` : MASK));
      }
    }
    return result;
  }

  function partialSecretLength(text: string): number {
    let longest = 0;
    for (const secret of secrets) {
      for (let length = Math.min(secret.length - 1, text.length); length > longest; length -= 1) {
        if (text.endsWith(secret.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }

  add(secretValues);
  return { mask, add, hasSecret: (text) => mask(text) !== text, partialSecretLength };
}

/**
 * A masker for one output stream: text is held back up to the last newline (or until it grows
 * past `maxPending`), so a secret split across chunks is masked whole.
 */
export interface StreamMasker {
  /** Masked text ready to show ('' when everything is held back). */
  write(chunk: string): string;
  /** The held-back rest, masked. */
  flush(): string;
  /**
   * What can be shown of an unfinished line (a prompt, progress dots) without risking half a
   * secret: all but its last word (and a `Bearer` before it) and any end that could start a secret.
   */
  flushSafe(): string;
  /** Text is held back. */
  readonly pending: boolean;
}

export function createStreamMasker(masker: Masker, maxPending = 64 * 1024): StreamMasker {
  let pending = '';
  return {
    write(chunk) {
      pending += chunk;
      const newline = pending.lastIndexOf('\n');
      if (newline === -1 && pending.length < maxPending) return '';
      const cut = newline === -1 ? pending.length : newline + 1;
      const ready = pending.slice(0, cut);
      pending = pending.slice(cut);
      return masker.mask(ready);
    },
    flush() {
      const rest = pending;
      pending = '';
      return masker.mask(rest);
    },
    flushSafe() {
      const lastWord = /(?:Bearer\s+)?\S*$/.exec(pending)!;
      const cut = Math.min(lastWord.index, pending.length - masker.partialSecretLength(pending));
      if (cut <= 0) return '';
      const ready = pending.slice(0, cut);
      pending = pending.slice(cut);
      return masker.mask(ready);
    },
    get pending() {
      return pending.length > 0;
    },
  };
}
