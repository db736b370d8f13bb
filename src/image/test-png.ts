/**
 * Tests only: PNGs of any colour type, bit depth and filter, written by hand
 * (the canvas only writes 8-bit RGBA), with the RGBA that a decoder must read
 * from them, for src/image/mask-png.ts's tests in Node and in the browser.
 */
import { concatBytes, zlibDeflate } from './metadata/bytes';
import { pngChunk } from './metadata/png';

export interface TestPng {
  width: number;
  height: number;
  /** 1, 2, 4 or 8 (16 is written too, for refusal tests: samples are then 0..65535). */
  depth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colourType: 0 | 2 | 3 | 4 | 6;
  /** Unpacked samples, `channels` per pixel, row-major. */
  samples: ArrayLike<number>;
  /** RGB triples (colour type 3). */
  palette?: number[];
  /** The tRNS chunk's bytes, as the spec lays them out for the colour type. */
  trns?: number[];
  /** Filter type per row, cycled (default: 0, 1, 2, 3, 4). */
  filters?: number[];
  interlace?: boolean;
  /** Chunks written between IHDR and IDAT. */
  extra?: Array<[string, Uint8Array]>;
  /** Bytes appended to the filtered rows before compression. */
  trailing?: number;
  /** The zlib stream's Adler-32 (its last 4 bytes) made wrong, every chunk's CRC still right. */
  wrongAdler?: boolean;
}

export const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

/** The PNG file for `spec`. */
export async function encodeTestPng(spec: TestPng): Promise<Uint8Array> {
  const { width, height, depth, colourType, samples } = spec;
  const channels = CHANNELS[colourType];
  const bytesPerSample = depth === 16 ? 2 : 1;
  const stride = Math.ceil((width * channels * depth) / 8);
  const bpp = Math.max(1, (channels * depth) >> 3);
  const filters = spec.filters ?? [0, 1, 2, 3, 4];
  const raw = new Uint8Array(height * (stride + 1) + (spec.trailing ?? 0));
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = new Uint8Array(stride);
    for (let x = 0; x < width * channels; x++) {
      const s = samples[y * width * channels + x];
      if (bytesPerSample === 2) {
        row[x * 2] = s >> 8;
        row[x * 2 + 1] = s & 0xff;
      } else {
        const bit = x * depth;
        row[bit >> 3] |= s << (8 - depth - (bit & 7));
      }
    }
    const f = filters[y % filters.length];
    const out = raw.subarray(y * (stride + 1), (y + 1) * (stride + 1));
    out[0] = f;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      const predict = [0, a, b, (a + b) >> 1, paeth(a, b, c)][f];
      out[1 + i] = (row[i] - predict) & 0xff;
    }
    prev = row;
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([depth, colourType, 0, 0, spec.interlace ? 1 : 0], 8);
  const chunks = [pngChunk('IHDR', ihdr), ...(spec.extra ?? []).map(([t, d]) => pngChunk(t, d))];
  if (spec.palette) chunks.push(pngChunk('PLTE', Uint8Array.from(spec.palette)));
  if (spec.trns) chunks.push(pngChunk('tRNS', Uint8Array.from(spec.trns)));
  const deflated = await zlibDeflate(raw);
  if (spec.wrongAdler) deflated[deflated.length - 1] ^= 0x5a;
  // Two IDAT chunks, so a decoder must join them.
  const half = deflated.length >> 1;
  chunks.push(pngChunk('IDAT', deflated.subarray(0, half)), pngChunk('IDAT', deflated.subarray(half)), pngChunk('IEND', new Uint8Array()));
  return concatBytes([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The 8-bit RGBA that `spec` stands for (PNG 3 §13.12: samples scaled to 8 bits, tRNS as alpha 0). */
export function expectedRgba(spec: TestPng): Uint8ClampedArray {
  const { width, height, depth, colourType, samples, palette, trns } = spec;
  const channels = CHANNELS[colourType];
  const scale = (s: number) => Math.round((s * 255) / ((1 << depth) - 1));
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = Array.from({ length: channels }, (_, c) => samples[i * channels + c]);
    let px: number[];
    if (colourType === 0) px = [scale(s[0]), scale(s[0]), scale(s[0]), trns && ((trns[0] << 8) | trns[1]) === s[0] ? 0 : 255];
    else if (colourType === 2) {
      const key = trns && [0, 2, 4].map((k) => (trns[k] << 8) | trns[k + 1]);
      px = [...s, key && key.every((v, c) => v === s[c]) ? 0 : 255];
    } else if (colourType === 3) px = [palette![3 * s[0]], palette![3 * s[0] + 1], palette![3 * s[0] + 2], trns?.[s[0]] ?? 255];
    else if (colourType === 4) px = [s[0], s[0], s[0], s[1]];
    else px = s;
    out.set(px, i * 4);
  }
  return out;
}
