import { describe, expect, it } from 'vitest';
import { createMasker, createStreamMasker, MASK } from '../../engine/run/create-masker.js';

describe('createMasker', () => {
  it('replaces every secret value, longest first', () => {
    const masker = createMasker(['hunter22', 'hunter22-extended']);
    expect(masker.mask('a hunter22-extended b hunter22 c')).toBe(`a ${MASK} b ${MASK} c`);
  });

  it('masks token-looking values nobody declared', () => {
    const masker = createMasker();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl';
    expect(masker.mask(`Authorization: Bearer abc.def-ghi_jkl`)).toBe(`Authorization: Bearer ${MASK}`);
    expect(masker.mask(`token ${jwt}`)).toBe(`token ${MASK}`);
    expect(masker.mask('ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe(MASK);
    expect(masker.mask('xoxb-1234567890-abcdef')).toBe(MASK);
    expect(masker.mask('key AKIAIOSFODNN7EXAMPLE here')).toBe(`key ${MASK} here`);
    expect(masker.mask('plain text, ghost and eye')).toBe('plain text, ghost and eye');
  });

  it('ignores values too short to mask and learns new ones', () => {
    const masker = createMasker(['a', '']);
    expect(masker.mask('a b c')).toBe('a b c');
    masker.add(['s3cret']);
    expect(masker.hasSecret('xx s3cret')).toBe(true);
  });
});

describe('createStreamMasker', () => {
  it('catches a secret split across chunks by holding back partial lines', () => {
    const stream = createStreamMasker(createMasker(['s3cr3t-token']));
    const shown = [stream.write('line one\nthe s3cr'), stream.write('3t-token is'), stream.write(' here\nnext'), stream.flush()].join('');
    expect(shown).toBe(`line one\nthe ${MASK} is here\nnext`);
  });

  it('lets long lines through once they exceed the bound', () => {
    const stream = createStreamMasker(createMasker(['zzz']), 10);
    expect(stream.write('0123456789ab')).toBe('0123456789ab');
  });
});

describe('createStreamMasker: unfinished lines', () => {
  it('shows an unfinished line except its last word and what could start a secret', () => {
    const stream = createStreamMasker(createMasker(['hunter22']));
    expect(stream.write('Waiting....')).toBe('');
    expect(stream.flushSafe()).toBe('');
    expect(stream.write(' still waiting hunt')).toBe('');
    expect(stream.flushSafe()).toBe('Waiting.... still waiting ');
    expect(stream.write('er22 done\n')).toBe(`${MASK} done\n`);
  });

  it('holds a Bearer token being printed', () => {
    const stream = createStreamMasker(createMasker());
    stream.write('Authorization: Bearer abc');
    expect(stream.flushSafe()).toBe('Authorization: ');
    expect(stream.write('defghijklmnop\n')).toBe(`Bearer ${MASK}\n`);
  });

  it('holds an end of line that could start a secret holding spaces', () => {
    const stream = createStreamMasker(createMasker(['open sesame now']));
    stream.write('say open sesame ');
    expect(stream.flushSafe()).toBe('say ');
  });
});
