/**
 * The CLIP byte-level BPE tokenizer (openai/CLIP `simple_tokenizer.py`, as
 * transformers' `CLIPTokenizer` without ftfy), on the model's own `vocab.json`
 * and `merges.txt`, which are weight files in the manifest (downloaded and
 * verified through the cache like the ONNX files).
 *
 * Why our own: `@huggingface/tokenizers` (0.2.0) does the same from a
 * `tokenizer.json` built around vocab.json + merges.txt, but costs the worker
 * chunk 34.8 kB (10.8 kB gzip) against 80 lines here. It is a dev dependency
 * instead: tokenizer.diff.test.ts checks that both give the same ids on 3000
 * varied prompts, with Tokenizers.js configured as the Hub's CLIP tokenizer.json.
 * Pure: runs in Node for the tests.
 *
 * Steps (CLIP's):
 * 1. NFC, collapse whitespace, trim, lower-case (the Hub's CLIP normaliser);
 * 2. cut out the special tokens, then split with CLIP's pattern: contractions,
 *    letter runs, single digits, runs of other non-space characters;
 * 3. map each piece's UTF-8 bytes to GPT-2's printable byte alphabet
 *    (`bytes_to_unicode`), append `</w>` to its last symbol;
 * 4. merge the adjacent pair with the lowest merge rank until none is ranked;
 * 5. look every symbol up in the vocabulary;
 * 6. `<|startoftext|>` + at most 75 ids + `<|endoftext|>`, padded to 77.
 */

/** Sequence length of every CLIP text encoder used by SD 1.x/2.x/Turbo. */
export const CLIP_CONTEXT_LENGTH = 77;
export const BOS_TOKEN = '<|startoftext|>';
export const EOS_TOKEN = '<|endoftext|>';

/**
 * What fills the sequence after `<|endoftext|>`: SD-1.5's tokenizer pads with
 * the end token (49407); SD-2.x and SD-Turbo (OpenCLIP) pad with id 0 (`!`).
 */
export type PadRule = 'eos' | { id: number };

const SPECIAL = /(<\|startoftext\|>|<\|endoftext\|>)/;
const PATTERN = /'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu;

/** GPT-2's `bytes_to_unicode`: printable bytes map to themselves, the rest to U+0100.. in order. */
function byteEncoder(): string[] {
  const out: string[] = new Array(256);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    out[b] = String.fromCharCode(printable ? b : 256 + n++);
  }
  return out;
}
const BYTE_ENCODER = byteEncoder();

/**
 * A CLIP tokenizer on one vocabulary.
 *
 * @example
 * const tok = new ClipTokenizer(JSON.parse(vocabJson), mergesTxt, { id: 0 });
 * tok.encode('a photo of a cat'); // Int32Array(77) [49406, 320, 1125, 539, 320, 2368, 49407, 0, …] with the real vocab
 */
export class ClipTokenizer {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  readonly bos: number;
  readonly eos: number;

  /**
   * @param vocab `vocab.json`: symbol → id
   * @param merges `merges.txt`: a `#version` header line, then one `a b` pair per line, best first
   * @param pad what fills the sequence after the end token
   */
  constructor(
    private readonly vocab: Readonly<Record<string, number>>,
    merges: string,
    private readonly pad: PadRule,
  ) {
    const lines = merges.split('\n').filter((l) => l.length > 0 && !l.startsWith('#version'));
    lines.forEach((line, rank) => {
      const pair = line.trim();
      if (pair && !this.ranks.has(pair)) this.ranks.set(pair, rank);
    });
    this.bos = this.idOf(BOS_TOKEN);
    this.eos = this.idOf(EOS_TOKEN);
  }

  /** The BPE symbols of a text (step 1–4), for tests and debugging. */
  symbols(text: string): string[] {
    const clean = text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
    const out: string[] = [];
    // The special tokens are cut out first, as the Hub's tokenizer does with its added tokens,
    // so "rain<|endoftext|>" is `rain` + the end token even with no space between.
    for (const segment of clean.split(SPECIAL)) {
      if (segment === BOS_TOKEN || segment === EOS_TOKEN) {
        out.push(segment);
        continue;
      }
      for (const piece of segment.match(PATTERN) ?? []) {
        const mapped = Array.from(new TextEncoder().encode(piece), (b) => BYTE_ENCODER[b]).join('');
        out.push(...this.bpe(mapped));
      }
    }
    return out;
  }

  /** Ids of a text without start/end tokens or padding. Unknown symbols map to the end token, as CLIP's `unk_token`. */
  ids(text: string): number[] {
    return this.symbols(text).map((s) => (Object.hasOwn(this.vocab, s) ? this.vocab[s] : this.eos));
  }

  /** `input_ids` for the text encoder: start, ≤ 75 ids (truncated), end, padding to 77. */
  encode(text: string): Int32Array {
    const body = this.ids(text).slice(0, CLIP_CONTEXT_LENGTH - 2);
    const out = new Int32Array(CLIP_CONTEXT_LENGTH).fill(this.pad === 'eos' ? this.eos : this.pad.id);
    out[0] = this.bos;
    out.set(body, 1);
    out[body.length + 1] = this.eos;
    return out;
  }

  private idOf(token: string): number {
    if (!Object.hasOwn(this.vocab, token)) throw new Error(`the CLIP vocabulary has no ${token}`);
    return this.vocab[token];
  }

  private bpe(piece: string): string[] {
    const hit = this.cache.get(piece);
    if (hit) return hit;
    const chars = Array.from(piece);
    let word = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
    while (word.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < word.length - 1; i++) {
        const rank = this.ranks.get(`${word[i]} ${word[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      const [a, b] = [word[best], word[best + 1]];
      // Merge every occurrence of the pair, left to right, as CLIP does.
      const next: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i < word.length - 1 && word[i] === a && word[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(word[i]);
      }
      word = next;
    }
    this.cache.set(piece, word);
    return word;
  }
}
