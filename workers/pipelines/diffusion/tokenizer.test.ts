import { describe, expect, it } from 'vitest';
import { CLIP_CONTEXT_LENGTH, ClipTokenizer } from './tokenizer';

/**
 * A hand-written slice of CLIP's vocabulary: the ids are the real ones of
 * openai/clip-vit-large-patch14 (`a photo of a cat` → 49406 320 1125 539 320
 * 2368 49407, the example of transformers' CLIP docs); the merges are our own
 * minimal list that builds exactly these words, ranked so each derivation can
 * be followed by hand.
 */
const VOCAB: Record<string, number> = {
  '!': 0,
  '!</w>': 256,
  'a</w>': 320,
  'photo</w>': 1125,
  'of</w>': 539,
  'cat</w>': 2368,
  '<|startoftext|>': 49406,
  '<|endoftext|>': 49407,
  // Symbols that appear mid-derivation, so a missing merge shows as a wrong id.
  p: 79,
  h: 71,
  o: 78,
  t: 83,
  'o</w>': 334,
  it: 585,
  'it</w>': 585,
  "'s</w>": 568,
};
const MERGES = ['#version: 0.2', 'p h', 'o t', 'ph ot', 'phot o</w>', 'o f</w>', 'c a', 'ca t</w>', 'i t</w>', "' s</w>"].join('\n');

describe('ClipTokenizer on a hand-written vocabulary', () => {
  const sd15 = new ClipTokenizer(VOCAB, MERGES, 'eos');
  const turbo = new ClipTokenizer(VOCAB, MERGES, { id: 0 });

  it('merges by rank: p h → ph, o t → ot, ph ot → phot, phot o</w> → photo</w>', () => {
    expect(sd15.symbols('photo')).toEqual(['photo</w>']);
    expect(sd15.symbols('cat of')).toEqual(['cat</w>', 'of</w>']);
    // No merge for "d o g</w>": symbols stay single characters, last one with </w>.
    expect(sd15.symbols('dog')).toEqual(['d', 'o', 'g</w>']);
  });

  it('gives the known ids for "a photo of a cat", start and end tokens included', () => {
    expect([...sd15.encode('a photo of a cat').slice(0, 7)]).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
  });

  it('pads to 77: with the end token (49407) for SD-1.5, with id 0 for SD-2/Turbo', () => {
    const a = sd15.encode('a cat');
    const b = turbo.encode('a cat');
    expect(a).toHaveLength(CLIP_CONTEXT_LENGTH);
    expect([...a.slice(0, 5)]).toEqual([49406, 320, 2368, 49407, 49407]);
    expect(a[76]).toBe(49407);
    expect([...b.slice(0, 5)]).toEqual([49406, 320, 2368, 49407, 0]);
    expect(b[76]).toBe(0);
  });

  it('lower-cases and collapses whitespace; splits contractions and punctuation as CLIP', () => {
    expect(sd15.ids('  A \n PHOTO ')).toEqual([320, 1125]);
    expect(sd15.symbols("it's!")).toEqual(['it</w>', "'s</w>", '!</w>']);
    expect(sd15.ids("it's!")).toEqual([585, 568, 256]);
  });

  it('maps UTF-8 bytes through GPT-2 bytes_to_unicode (é → Ã ©, byte 0x01 → U+0101); unknown symbols become the end token', () => {
    expect(sd15.symbols('é')).toEqual(['Ã', '©</w>']);
    expect(sd15.symbols('\u0001')).toEqual(['\u0101</w>']);
    expect(sd15.ids('é')).toEqual([49407, 49407]);
  });

  it('truncates to 75 ids between start and end', () => {
    const ids = turbo.encode(Array(100).fill('cat').join(' '));
    expect(ids[0]).toBe(49406);
    expect([...ids.slice(1, 76)].every((i) => i === 2368)).toBe(true);
    expect(ids[76]).toBe(49407);
  });

  it('refuses a vocabulary without the special tokens', () => {
    expect(() => new ClipTokenizer({ a: 1 }, '', 'eos')).toThrow(/no <\|startoftext\|>/);
  });
});
