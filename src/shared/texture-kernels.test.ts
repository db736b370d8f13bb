import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boxBlur, boxBlur3, boxBlurRows, distanceTo, distanceToCapped, pullPush } from './texture-kernels';
import { typedArrayBytesDuring } from '../../test/fixtures/typed-array-bytes';

const hash = (a: Float32Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16);

/** Deterministic floats with fractional parts (an LCG), `c` values a pixel. */
function input(w: number, h: number, c: number): Float32Array {
  const a = new Float32Array(w * h * c);
  let s = 7;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = (s >>> 8) / 65536 + (i % 97) * 0.37;
  }
  return a;
}

/** Every third pixel unknown. */
const someKnown = (n: number) => Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));

// Hashes of the float32 bytes that the blurs and pull-push gave when they used whole scratch
// planes (main at 643e36d): the ring of rows and the in-place levels keep every value.
const PINNED: [number, number, number, string, string, string][] = [
  [37, 23, 2, 'b5bbdc55c431909f', 'c17b3aaa0994b836', 'd48b4049e3f72b4d'],
  [5, 3, 6, '1315334d8a19673b', 'c3c932ec970ec921', '94d76dc8d50f418d'],
  [64, 48, 6, '8358c627c65d275f', '074e58ae776e0af1', 'e5b1264e736d1f46'],
  [1, 9, 1, '11f111b98a483b2b', 'fe6bd5a0f842cff2', 'c57cf7b40c9fee89'],
  [9, 1, 3, 'aaf8ec4e5dfd47c4', 'd4a3ea8a767c7330', 'c57cf7b40c9fee89'],
];

describe('texture kernels: the same values with row rings instead of scratch planes', () => {
  it.each(PINNED)('%i×%i, radius %i: boxBlur, boxBlur3 and pullPush give the pinned bytes', (w, h, r, blur, blur3, pp) => {
    const src = input(w, h, 1);
    expect(hash(boxBlur(src, w, h, r))).toBe(blur);
    const out3 = new Float32Array(w * h * 3);
    boxBlur3(input(w, h, 4), 4, out3, 3, w, h, r);
    expect(hash(out3)).toBe(blur3);
    expect(hash(pullPush(src, someKnown(w * h), w, h))).toBe(pp);
  });

  it.each(PINNED)('%i×%i, radius %i: boxBlur in place equals boxBlur into another plane', (w, h, r) => {
    const src = input(w, h, 1);
    const apart = boxBlur(src, w, h, r);
    const inPlace = new Float32Array(src);
    expect(boxBlur(inPlace, w, h, r, inPlace)).toBe(inPlace);
    expect(inPlace).toEqual(apart);
    // And it is a box mean with replicated edges (to float32 rounding of the running sums).
    const at = (x: number, y: number) => src[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
    for (const [x, y] of [[0, 0], [w - 1, h - 1], [w >> 1, h >> 1]]) {
      let s = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) s += at(x + dx, y + dy);
      expect(Math.abs(apart[y * w + x] - s / (2 * r + 1) ** 2)).toBeLessThan(1e-3);
    }
  });

  it.each(PINNED)('%i×%i, radius %i: boxBlurRows, fed each row in one reused buffer, emits boxBlur\'s rows in order', (w, h, r) => {
    const src = input(w, h, 1);
    const whole = boxBlur(src, w, h, r);
    const buffer = new Float32Array(w);
    const asked: number[] = [];
    const got = new Float32Array(w * h);
    const emitted: number[] = [];
    boxBlurRows(
      w,
      h,
      r,
      (y) => (asked.push(y), buffer.set(src.subarray(y * w, y * w + w)), buffer),
      (y, row) => (emitted.push(y), got.set(row, y * w)),
    );
    expect(got).toEqual(whole);
    const rows = Array.from({ length: h }, (_, y) => y);
    expect(asked).toEqual(rows);
    expect(emitted).toEqual(rows);
  });

  it('boxBlur3 equals three single-channel blurs', () => {
    const [w, h, r] = [31, 17, 3];
    const src = input(w, h, 3);
    const out = new Float32Array(w * h * 3);
    boxBlur3(src, 3, out, 3, w, h, r);
    for (let c = 0; c < 3; c++) {
      const plane = Float32Array.from({ length: w * h }, (_, i) => src[i * 3 + c]);
      const one = boxBlur(plane, w, h, r);
      expect(Float32Array.from({ length: w * h }, (_, i) => out[i * 3 + c])).toEqual(one);
    }
  });

  it('allocates rows, not planes: boxBlur (2r + 2) rows, a row of sums and an output row, boxBlur3 three times the first two', () => {
    const [w, h, r] = [300, 200, 2];
    const src = input(w, h, 4);
    const plane = src.subarray(0, w * h);
    const out = new Float32Array(w * h * 3);
    // Was a whole plane of scratch (4·w·h bytes) when none was passed.
    expect(typedArrayBytesDuring(() => boxBlur(plane, w, h, r, plane))).toBe(4 * w * (2 * r + 2) + 8 * w + 4 * w);
    expect(typedArrayBytesDuring(() => boxBlur3(src, 4, out, 3, w, h, r))).toBe(3 * (4 * w * (2 * r + 2) + 8 * w));
  });

  it('pullPush allocates only the levels’ sums and weights (each level’s result goes over its sums)', () => {
    const [w, h] = [256, 128];
    const v = input(w, h, 1);
    const bytes = typedArrayBytesDuring(() => pullPush(v, someKnown(w * h), w, h, v));
    // Levels 1…: a quarter of the pixels, a sixteenth, …: under n/3 floats each for sums and
    // weights, plus the tap tables and the known map made for the call (4·w·h bytes).
    expect(bytes).toBeLessThan(4 * w * h + 2 * 4 * ((w * h) / 3) + 64 * (w + h));
  });

  it('distanceToCapped is min(distanceTo, 255) in a byte a pixel, for either target and edge', () => {
    // 700 × 5 with a few hole pixels at the left end and a notch at the right: distances up to ~690.
    const [w, h] = [700, 5];
    const hole = new Uint8Array(w * h).fill(1);
    for (let y = 0; y < h; y++) hole[y * w] = 0;
    hole[2 * w + 650] = 0;
    for (const target of [0, 1] as const) {
      for (const edge of [false, true]) {
        const exact = distanceTo(hole, w, h, target, edge);
        const capped = distanceToCapped(hole, w, h, target, edge);
        expect(capped).toBeInstanceOf(Uint8Array);
        expect(Array.from(capped)).toEqual(Array.from(exact, (d) => Math.min(d, 255)));
      }
    }
    expect(Math.max(...distanceTo(hole, w, h, 0, false))).toBeGreaterThan(255);
  });

  it('pullPush gives the same values with its levels in a scratch buffer, and allocates none there', () => {
    const [w, h] = [97, 61];
    const v = input(w, h, 1);
    const m = someKnown(w * h);
    const alone = pullPush(v, m, w, h);
    const scratch = new Float32Array(w * h).fill(123);
    const out = new Float32Array(w * h);
    const bytes = typedArrayBytesDuring(() => pullPush(v, m, w, h, out, scratch));
    expect(out).toEqual(alone);
    // The tap tables only: no level (they were about 2/3 of a float a pixel).
    expect(bytes).toBeLessThan(64 * (w + h));
  });
});
