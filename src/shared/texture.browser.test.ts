/**
 * The rim and the texture in Chromium, where freeNow (free-now.ts) really
 * detaches buffers: the same bytes as with freeNow a no-op (as in Node), on
 * cases that take each of their paths, for two seeds over one hole map (as a
 * multi-image job does), and the caller's hole map is never freed. A buffer
 * freed while still read (reads as empty: undefined, writes dropped) would
 * change the bytes here and nowhere in the Node tests.
 */
import { describe, expect, it } from 'vitest';
import { texturedImage } from '../../test/fixtures/textured';
import { BUILTIN_TEXTURE_PARAMS, smoothRim, synthesizeTexture, type TextureParams } from './texture';
import { withFreeNowCounted, withFreeNowOff } from '../../test/fixtures/free-now-switch';

function rectHole(w: number, h: number, x0: number, y0: number, rw: number, rh: number): Uint8Array {
  const hole = new Uint8Array(w * h);
  for (let y = y0; y < y0 + rh; y++) hole.fill(1, y * w + x0, y * w + x0 + rw);
  return hole;
}

function differing(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

const TURBO = BUILTIN_TEXTURE_PARAMS.TURBO;
const { rimDepth, rimSweeps, rimOmega } = TURBO;

/**
 * [name, crop width, height, hole x, y, width, height, texture params, the path's mark]. The
 * marks: 'retry' (a region inside the crop, then the whole crop's shrunk copy: its depths,
 * W × H bytes, were freed), 'no-retry' (a region inside the crop, and no such depths),
 * 'full-size' (the same bytes as with halfRes 0), 'skipped' (no texture).
 */
type Case = [string, number, number, number, number, number, number, TextureParams, ('retry' | 'no-retry' | 'full-size' | 'skipped')[]];
const CASES: Case[] = [
  // The band's shrunk copy finds sources (region inside the crop); the rim as planes.
  ['TURBO, the band shrunk', 900, 800, 330, 300, 200, 160, TURBO, ['no-retry']],
  // Budget 100: the band's shrunk copy is too thin, the whole crop's is not; the rim as cells.
  ['TURBO, the whole crop shrunk after the band', 1600, 900, 550, 200, 500, 500, { ...TURBO, budget: 100 }, ['retry']],
  // Budget 20: neither shrunk copy has room for a patch; the region's maps made again, full size.
  ['TURBO, full size after both shrunk copies fail', 970, 210, 400, 40, 170, 130, { ...TURBO, budget: 20 }, ['retry', 'full-size']],
  // The region is the crop: full size after the shrunk copy fails.
  ['TURBO, the whole crop at full size', 250, 210, 40, 40, 170, 130, TURBO, ['full-size']],
  // A 4-px scratch: not deep enough for TURBO's texture.
  ['TURBO, a thin hole skipped', 600, 100, 20, 48, 560, 4, TURBO, ['skipped']],
  // QUALITY: no shrunk path, the band's region at full size.
  ['QUALITY, the band at full size', 900, 700, 400, 300, 100, 80, BUILTIN_TEXTURE_PARAMS.QUALITY, ['no-retry', 'full-size']],
];

describe('smoothRim and synthesizeTexture with freeNow on: the bytes of freeNow off', () => {
  it.each(CASES)('%s', { timeout: 120_000 }, async (_, W, H, x, y, rw, rh, params, marks) => {
    const photo = texturedImage(W, H, W + H);
    const hole = rectHole(W, H, x, y, rw, rh);
    const holeCopy = hole.slice();
    /** Seeds 1 and 2 over the one hole map, each from the photo: the rim, then the texture. */
    const run = (p: TextureParams) =>
      [1, 2].map((seed) => {
        const out = photo.slice();
        smoothRim(out, hole, W, H, rimDepth, rimSweeps, rimOmega);
        const rim = out.slice();
        synthesizeTexture(out, hole, W, H, p, seed);
        return { rim, out };
      });
    const off = await withFreeNowOff(() => run(params));
    const on = await withFreeNowCounted(() => run(params));
    // freeNow did detach buffers, never the caller's.
    expect(on.detached.length).toBeGreaterThan(0);
    expect(hole.length).toBe(W * H);
    expect(differing(new Uint8ClampedArray(hole.buffer), new Uint8ClampedArray(holeCopy.buffer))).toBe(0);
    for (let s = 0; s < 2; s++) {
      expect(differing(on.value[s].rim, off[s].rim), `rim, seed ${s + 1}`).toBe(0);
      expect(differing(on.value[s].out, off[s].out), `texture, seed ${s + 1}`).toBe(0);
    }
    // The case takes the path it is meant to.
    if (marks.includes('retry')) expect(on.detached, 'the whole crop shrunk').toContain(W * H);
    if (marks.includes('no-retry')) expect(on.detached, 'the whole crop shrunk').not.toContain(W * H);
    if (marks.includes('skipped')) {
      expect(differing(off[0].out, off[0].rim), 'no texture').toBe(0);
      return;
    }
    expect(differing(off[0].out, off[0].rim), 'texture').toBeGreaterThan(0);
    expect(differing(off[0].out, off[1].out), 'the seed matters').toBeGreaterThan(0);
    const fullSize = await withFreeNowOff(() => run({ ...params, halfRes: 0 }));
    expect(differing(off[0].out, fullSize[0].out) === 0, 'the full-size path').toBe(marks.includes('full-size'));
  });
});
