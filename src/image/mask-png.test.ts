import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { holeBounds, holeMapFromRgba } from '../shared/pixels';
import { concatBytes, crc32 } from './metadata/bytes';
import { pngChunk } from './metadata/png';
import { pngHoleMap } from './mask-png';
import { encodeTestPng, expectedRgba, type TestPng } from './test-png';

/** Deterministic samples in 0..max, biased to both ends so that every test mask has holes and kept pixels. */
function samples(n: number, max: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % (max + 1);
  });
}

async function expectSameAsRgbaPath(spec: TestPng): Promise<void> {
  const map = await pngHoleMap(await encodeTestPng(spec));
  expect(map).not.toBeNull();
  const expected = holeMapFromRgba(expectedRgba(spec), spec.width, spec.height);
  expect(map!.width).toBe(spec.width);
  expect(map!.height).toBe(spec.height);
  expect(map!.hole).toEqual(expected);
  expect(map!.bounds).toEqual(holeBounds(expected, spec.width, spec.height));
  expect(map!.count).toBe(expected.reduce((n, v) => n + v, 0));
}

const W = 37;
const H = 11;

describe('pngHoleMap: a PNG mask to a hole map without RGBA', () => {
  it('8-bit grey, every filter type: hole where grey ≤ 127, as holeMapFromRgba', async () => {
    await expectSameAsRgbaPath({ width: W, height: H, depth: 8, colourType: 0, samples: samples(W * H, 255) });
  });

  it('8-bit grey around the threshold: 127 is a hole, 128 is kept', async () => {
    const map = await pngHoleMap(await encodeTestPng({ width: 2, height: 1, depth: 8, colourType: 0, samples: [127, 128] }));
    expect(Array.from(map!.hole)).toEqual([1, 0]);
  });

  it('1, 2 and 4-bit grey (samples scaled to 8 bits), odd widths padded per row', async () => {
    for (const depth of [1, 2, 4]) await expectSameAsRgbaPath({ width: W, height: H, depth, colourType: 0, samples: samples(W * H, (1 << depth) - 1, depth) });
  });

  it('grey with a tRNS key: that value is transparent, so kept even when dark', async () => {
    await expectSameAsRgbaPath({ width: W, height: H, depth: 8, colourType: 0, samples: samples(W * H, 3).map((s) => s * 40), trns: [0, 0] });
    await expectSameAsRgbaPath({ width: W, height: H, depth: 2, colourType: 0, samples: samples(W * H, 3), trns: [0, 1] });
  });

  it('8-bit RGB by Rec.601 luma, with and without a tRNS colour key', async () => {
    const rgb = samples(W * H * 3, 255, 5);
    await expectSameAsRgbaPath({ width: W, height: H, depth: 8, colourType: 2, samples: rgb });
    rgb.splice(0, 6, 0, 0, 0, 0, 0, 0);
    await expectSameAsRgbaPath({ width: W, height: H, depth: 8, colourType: 2, samples: rgb, trns: [0, 0, 0, 0, 0, 0] });
  });

  it('palette at 8 and 4 bits, with tRNS alpha 0 and 255', async () => {
    const palette = [0, 0, 0, 255, 255, 255, 10, 200, 10, 200, 10, 10];
    await expectSameAsRgbaPath({ width: W, height: H, depth: 8, colourType: 3, samples: samples(W * H, 3), palette, trns: [255, 0] });
    await expectSameAsRgbaPath({ width: W, height: H, depth: 4, colourType: 3, samples: samples(W * H, 3, 9), palette });
  });

  it('grey + alpha and RGBA whose alpha is 0 or 255', async () => {
    const ga = samples(W * H * 2, 255, 3).map((s, i) => (i % 2 ? (s & 1 ? 255 : 0) : s));
    await expectSameAsRgbaPath({ width: W, height: H, depth: 8, colourType: 4, samples: ga });
    const rgba = samples(W * H * 4, 255, 4).map((s, i) => (i % 4 === 3 ? (s & 1 ? 255 : 0) : s));
    await expectSameAsRgbaPath({ width: W, height: H, depth: 8, colourType: 6, samples: rgba });
  });

  it('RGBA rows filtered Sub or Up throughout (undone four bytes at once): the same hole map', async () => {
    // Random colour bytes, so every byte sum wraps somewhere; alpha 0 or 255.
    const rgba = samples(101 * 23 * 4, 255, 8).map((s, i) => (i % 4 === 3 ? (s & 1 ? 255 : 0) : s));
    for (const filters of [[1], [2], [2, 1]]) await expectSameAsRgbaPath({ width: 101, height: 23, depth: 8, colourType: 6, samples: rgba, filters });
  });

  it('an all-white mask has no bounds; the bounds are those of holeBounds', async () => {
    const map = await pngHoleMap(await encodeTestPng({ width: 5, height: 4, depth: 8, colourType: 0, samples: new Array(20).fill(255) }));
    expect(map!.bounds).toBeNull();
    const one = new Array(20).fill(255);
    one[2 * 5 + 3] = 0;
    expect((await pngHoleMap(await encodeTestPng({ width: 5, height: 4, depth: 8, colourType: 0, samples: one })))!.bounds).toEqual({ x: 3, y: 2, width: 1, height: 1 });
  });

  it('leaves to the browser what it does not read exactly (null, never a throw)', async () => {
    const grey: TestPng = { width: W, height: H, depth: 8, colourType: 0, samples: samples(W * H, 255) };
    const refused: Array<[string, TestPng]> = [
      ['interlaced', { ...grey, interlace: true }],
      ['16-bit', { ...grey, depth: 16, samples: samples(W * H, 65535) }],
      ['a partly transparent pixel', { width: 2, height: 1, depth: 8, colourType: 4, samples: [0, 255, 0, 128] }],
      ['an iCCP profile', { ...grey, extra: [['iCCP', new Uint8Array([0x61, 0, 0, 0x78, 0x9c, 3, 0, 0, 0, 0, 1])]] }],
      ['a gAMA chunk', { ...grey, extra: [['gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])]] }],
      ['an eXIf chunk (orientation)', { ...grey, extra: [['eXIf', new Uint8Array([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0])]] }],
      ['a palette index past the palette', { width: 2, height: 1, depth: 8, colourType: 3, samples: [0, 2], palette: [0, 0, 0, 255, 255, 255] }],
      ['data past the last row', { ...grey, trailing: 3 }],
    ];
    for (const [why, spec] of refused) expect(await pngHoleMap(await encodeTestPng(spec)), why).toBeNull();

    const good = await encodeTestPng(grey);
    expect(await pngHoleMap(good)).not.toBeNull();
    const badCrc = good.slice();
    badCrc[40] ^= 1; // inside the first IDAT's data
    expect(await pngHoleMap(badCrc), 'a CRC mismatch').toBeNull();
    expect(await pngHoleMap(good.subarray(0, good.length - 20)), 'truncated').toBeNull();
    expect(await pngHoleMap(new TextEncoder().encode('not a png at all')), 'not a PNG').toBeNull();
  });

  it('refuses rows that inflate short of the height', async () => {
    const spec: TestPng = { width: W, height: H, depth: 8, colourType: 0, samples: samples(W * H, 255) };
    const png = await encodeTestPng(spec);
    // Same file with IHDR claiming one more row (CRC fixed): the data ends a row early.
    const taller = png.slice();
    const view = new DataView(taller.buffer);
    view.setUint32(16 + 4, H + 1);
    view.setUint32(8 + 8 + 13, crc32(taller.subarray(12, 8 + 8 + 13)));
    expect(await pngHoleMap(taller)).toBeNull();
  });
});

/**
 * 8-bit grey PNG of `rows` (each row filter None) whose zlib stream (`level`: 0 stored blocks,
 * 9 the densest) is cut into IDAT chunks by `split`, and its hole map through the RGBA path.
 */
function splitPng(width: number, height: number, row: (y: number) => Uint8Array, split: (z: Uint8Array) => Uint8Array[], level = 6): { png: Uint8Array; expected: Uint8Array } {
  const raw = new Uint8Array(height * (width + 1));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const r = row(y);
    raw.set(r, y * (width + 1) + 1);
    for (let x = 0; x < width; x++) rgba.set([r[x], r[x], r[x], 255], (y * width + x) * 4);
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const z = new Uint8Array(deflateSync(raw, { level }));
  const chunks = [pngChunk('IHDR', ihdr), ...split(z).map((part) => pngChunk('IDAT', part)), pngChunk('IEND', new Uint8Array())];
  return { png: concatBytes([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), ...chunks]), expected: holeMapFromRgba(rgba, width, height) };
}

const pieces = (size: number) => (z: Uint8Array) => Array.from({ length: Math.ceil(z.length / size) }, (_, i) => z.subarray(i * size, (i + 1) * size));
const stripes = (width: number) => (y: number) => Uint8Array.from({ length: width }, (_, x) => ((x * 7 + y * 13) % 11 < 5 ? 0 : 255));
/** Rows that barely compress, so the zlib stream is about as long as the rows. */
const noise = (width: number) => (y: number) => Uint8Array.from({ length: width }, (_, x) => (Math.imul(x + 1, 2654435761) ^ Math.imul(y + 7, 40503)) >>> 13);

describe('pngHoleMap: the zlib stream across IDAT chunks (inflated 64 KB at a time into one buffer)', () => {
  it('reads it cut anywhere (the zlib header too): a byte per chunk with empty chunks between, empty chunks at both ends', async () => {
    const oneByOne = splitPng(30, 20, stripes(30), (z) => [...z].flatMap((_, i) => [z.subarray(i, i + 1), new Uint8Array()]));
    expect((await pngHoleMap(oneByOne.png))?.hole).toEqual(oneByOne.expected);
    const ends = splitPng(30, 20, stripes(30), (z) => [new Uint8Array(), z, new Uint8Array()]);
    expect((await pngHoleMap(ends.png))?.hole).toEqual(ends.expected);
  });

  it('reads rows that inflate to many times the buffer, in one chunk or many, stored or compressed, and ending on its boundary', async () => {
    const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.compare(a, b) === 0;
    for (const level of [0, 9]) {
      for (const split of [(z: Uint8Array) => [z], pieces(8191), pieces(65536)]) {
        const big = splitPng(1000, 300, noise(1000), split, level);
        expect(same((await pngHoleMap(big.png))?.hole, big.expected), `level ${level}, ${split(new Uint8Array(100_000)).length} chunks`).toBe(true);
      }
      // 512 rows of 1 + 255 bytes: exactly two 64 KB buffers.
      const exact = splitPng(255, 512, stripes(255), (z) => [z], level);
      expect(same((await pngHoleMap(exact.png))?.hole, exact.expected), `level ${level}, 128 KB`).toBe(true);
    }
  });

  it('reads a stream whose Adler-32 is wrong, as Chromium does (the chunks\' CRCs cover those bytes)', async () => {
    for (const split of [(z: Uint8Array) => [z], pieces(7), (z: Uint8Array) => [z.subarray(0, z.length - 2), z.subarray(z.length - 2)]]) {
      const right = splitPng(30, 20, stripes(30), split);
      const wrong = splitPng(30, 20, stripes(30), (z) => split(concatBytes([z.subarray(0, z.length - 1), Uint8Array.of(z[z.length - 1] ^ 1)])));
      expect((await pngHoleMap(wrong.png))?.hole).toEqual(right.expected);
    }
  });

  it('leaves to the browser a stream cut short, a zlib header it does not read, and bytes after the stream’s end', async () => {
    const withHeader = (cmf: number, flg: number) => (z: Uint8Array) => [concatBytes([Uint8Array.of(cmf, flg), z.subarray(2)])];
    const cases: Array<[string, (z: Uint8Array) => Uint8Array[]]> = [
      ['the checksum missing', (z) => [z.subarray(0, z.length - 4)]],
      ['half the checksum', (z) => [z.subarray(0, z.length - 4), z.subarray(z.length - 4, z.length - 2)]],
      ['the last block cut', (z) => [z.subarray(0, z.length - 6)]],
      ['a header whose check bits are wrong', withHeader(0x78, 0x9d)],
      ['a header that is not deflate', withHeader(0x79, 0x18)],
      ['a header with a preset dictionary', withHeader(0x78, 0xbb)],
      ['bytes after the end, in its chunk', (z) => [concatBytes([z, Uint8Array.of(1, 2)])]],
      ['bytes after the end, in a chunk of their own', (z) => [z, new Uint8Array(), Uint8Array.of(0)]],
    ];
    for (const [why, split] of cases) expect(await pngHoleMap(splitPng(30, 20, stripes(30), split).png), why).toBeNull();
  });
});
