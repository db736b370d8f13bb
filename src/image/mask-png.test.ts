import { describe, expect, it } from 'vitest';
import { holeBounds, holeMapFromRgba } from '../shared/pixels';
import { crc32 } from './metadata/bytes';
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
