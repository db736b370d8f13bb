/**
 * Our CLIP tokenizer against Tokenizers.js (`@huggingface/tokenizers`, a dev
 * dependency only) configured exactly as the Hub's CLIP `tokenizer.json`
 * (openai/clip-vit-base-patch32: NFC + whitespace + lowercase normaliser, CLIP's
 * split pattern, byte-level BPE with `</w>`, start/end tokens), on a CLIP-style
 * vocabulary trained here, over a few thousand generated prompts: the same ids.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/shared/rng';
import { CLIP_CONTEXT_LENGTH, ClipTokenizer } from './tokenizer';

/** GPT-2's bytes_to_unicode, as CLIP builds its base vocabulary. */
function byteSymbols(): string[] {
  const out: string[] = [];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    out.push(String.fromCharCode(printable ? b : 256 + n++));
  }
  return out;
}
const BYTES = byteSymbols();
const toSymbols = (word: string) => Array.from(new TextEncoder().encode(word), (b) => BYTES[b]);

const WORDS = (
  'a photo of the cat dog red blue green house tree sky cloud mountain river portrait landscape painting oil ' +
  'watercolor cinematic lighting sunset golden hour detailed sharp focus bokeh remove erase clean empty ' +
  'background wall window door car street city night rain snow beach ocean wave forest flower garden ' +
  'café naïve résumé straße über mañana 東京 夜景 猫 кошка дом όμορφο 🙂 🌅 ✨ don’t it’s'
).split(' ');

/** Trains a CLIP-style BPE (vocab: bytes, bytes + </w>, merges in order, then the two specials) on `corpus`. */
function trainClipBpe(corpus: string[], merges: number): { vocab: Record<string, number>; merges: string[] } {
  const words = corpus.map((w) => {
    const s = toSymbols(w);
    s[s.length - 1] += '</w>';
    return s;
  });
  const symbols = [...BYTES, ...BYTES.map((b) => `${b}</w>`)];
  const learned: string[] = [];
  for (let m = 0; m < merges; m++) {
    const counts = new Map<string, number>();
    for (const w of words) for (let i = 0; i < w.length - 1; i++) counts.set(`${w[i]} ${w[i + 1]}`, (counts.get(`${w[i]} ${w[i + 1]}`) ?? 0) + 1);
    let best = '';
    let most = 1;
    for (const [pair, n] of counts) if (n > most || (n === most && best && pair < best)) [best, most] = [pair, n];
    if (!best) break;
    learned.push(best);
    const [a, b] = best.split(' ');
    symbols.push(a + b);
    for (const w of words) {
      for (let i = 0; i < w.length - 1; i++) if (w[i] === a && w[i + 1] === b) w.splice(i, 2, a + b);
    }
  }
  symbols.push('<|startoftext|>', '<|endoftext|>');
  return { vocab: Object.fromEntries(symbols.map((s, i) => [s, i])), merges: learned };
}

/** The Hub's CLIP tokenizer.json around a vocabulary. */
function clipTokenizerJson(vocab: Record<string, number>, merges: string[]) {
  const bos = vocab['<|startoftext|>'];
  const eos = vocab['<|endoftext|>'];
  const special = (content: string, id: number) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special('<|startoftext|>', bos), special('<|endoftext|>', eos)],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: ['<|endoftext|>', eos], cls: ['<|startoftext|>', bos], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<|endoftext|>',
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}

/** Varied prompts: words, case, punctuation, digits, contractions, odd whitespace, unicode (some decomposed), and long ones. */
function prompts(count: number): string[] {
  const next = mulberry32(20261207);
  const rand = () => next() / 4294967296;
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const extras = ['', ',', '.', '!', '?', '...', ' - ', '(', ')', '"', "'s", "'ll", "'d", "'re", "'ve", "'m", "'t", '#', '&', '4k', '8K', '1920x1080', '3.14', '2026', '100%', '@', '—', '…', '\t', '\n', '  ', 'e\u0301', 'A\u030a', 'ÉCOLE', 'İstanbul', 'ﬁne', '１２３', '<|endoftext|>', '<|startoftext|>', '\u00a0', '🙂🙂', '👩‍🚀'];
  const out: string[] = ['', ' ', 'a', 'A photo of a cat', "don't stop", 'remove the power line', '1 2 3 45 678', '!!!???', 'e\u0301te\u0301'];
  while (out.length < count) {
    const n = rand() < 0.08 ? 60 + Math.floor(rand() * 80) : 1 + Math.floor(rand() * 14);
    let text = '';
    for (let i = 0; i < n; i++) {
      let w = rand() < 0.75 ? pick(WORDS) : pick(extras);
      if (rand() < 0.15) w = w.toUpperCase();
      if (rand() < 0.1) w = String.fromCodePoint(0x20 + Math.floor(rand() * 0x2fff));
      text += (rand() < 0.2 ? '' : ' ') + w;
    }
    out.push(text);
  }
  return out;
}

describe('ClipTokenizer against Tokenizers.js configured as CLIP', () => {
  const { vocab, merges } = trainClipBpe(
    prompts(400).flatMap((p) => p.toLowerCase().split(/\s+/).filter(Boolean)),
    600,
  );
  const ours = new ClipTokenizer(vocab, `#version: 0.2\n${merges.join('\n')}\n`, 'eos');
  const theirs = new Tokenizer(clipTokenizerJson(vocab, merges), { model_max_length: CLIP_CONTEXT_LENGTH });
  const eos = vocab['<|endoftext|>'];

  /** Tokenizers.js's ids, cut and padded to 77 as the diffusers pipelines ask (max_length, truncation). */
  const reference = (text: string): number[] => {
    const ids = theirs.encode(text).ids;
    const cut = ids.length > CLIP_CONTEXT_LENGTH ? [...ids.slice(0, CLIP_CONTEXT_LENGTH - 1), eos] : ids;
    return [...cut, ...new Array(CLIP_CONTEXT_LENGTH - cut.length).fill(eos)];
  };

  it('learned a vocabulary with multi-byte and end-of-word merges', () => {
    expect(merges.length).toBe(600);
    expect(merges.some((m) => m.endsWith('</w>'))).toBe(true);
    expect(theirs.encode('a photo').ids[0]).toBe(vocab['<|startoftext|>']);
  });

  it('gives the same 77 ids on 3000 varied prompts, long ones cut at 77', () => {
    const texts = prompts(3000);
    expect(texts.filter((t) => reference(t)[CLIP_CONTEXT_LENGTH - 1] === eos && theirs.encode(t).ids.length > CLIP_CONTEXT_LENGTH).length).toBeGreaterThan(50);
    const differ = texts.filter((t) => Array.from(ours.encode(t)).join() !== reference(t).join());
    expect({ differ: differ.length, first: differ.slice(0, 3) }).toEqual({ differ: 0, first: [] });
  });
});
