/**
 * Small holes and small images: every speed of the built-in model fills holes
 * of 1, 2, 3 and 6 px, and all but one row, on images from 1×1 up (8×8, 33×33,
 * 512², 4096², 3000×20). On a flat image the fill is the colour; on a smooth
 * gradient it stays between the values of the known pixels around the hole.
 * A mask over the whole image is refused (nothing to fill from).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InpaintClient } from '../../src/client/inpaint-client';
import type { RenderingSpeed } from '../../src/request/types';
import { pixelsOf, type Hole } from '../../test/fixtures/images';

const SPEEDS: RenderingSpeed[] = ['TURBO', 'DEFAULT', 'QUALITY'];
const FLAT = [136, 170, 102] as const;

type Kind = 'flat' | 'gradient';
function image(kind: Kind, width: number, height: number): ImageData {
  const img = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v =
        kind === 'flat'
          ? FLAT
          : [40 + Math.round((150 * x) / width), 60 + Math.round((120 * y) / height), 100 + Math.round((50 * (x + y)) / (width + height))];
      img.data.set([v[0], v[1], v[2], 255], (y * width + x) * 4);
    }
  }
  return img;
}

function mask(width: number, height: number, hole: Hole): ImageData {
  const m = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const h = x >= hole.x && x < hole.x + hole.width && y >= hole.y && y < hole.y + hole.height;
      m.data.set(h ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * width + x) * 4);
    }
  }
  return m;
}

/** A `side`-px square hole in the middle of the image (clamped to it). */
function centred(width: number, height: number, side: number): Hole {
  const w = Math.min(side, width);
  const h = Math.min(side, height);
  return { x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), width: w, height: h };
}

const SIZES: [number, number][] = [
  [8, 8],
  [33, 33],
  [512, 512],
  [3000, 20],
];

describe('small holes and small images, built-in model at every speed', () => {
  let client: InpaintClient;
  beforeAll(() => {
    client = new InpaintClient({ backend: 'wasm', persist: false });
  });
  afterAll(() => client.dispose());

  /** Runs one task and checks every hole pixel against the expectation of its kind. */
  async function check(kind: Kind, width: number, height: number, hole: Hole, speed: RenderingSpeed) {
    const input = image(kind, width, height);
    const { data } = await client.submit({ image: input, mask: mask(width, height, hole), prompt: 'remove the speck', rendering_speed: speed, seed: 5 });
    const done = await client.wait(data.task_id);
    const what = `${kind} ${width}x${height}, hole ${hole.width}x${hole.height} at ${hole.x},${hole.y}, ${speed}`;
    expect(done.data.status, `${what}: ${done.data.error?.message}`).toBe('COMPLETED');
    const out = await pixelsOf(done.data.generated[0]);
    await client.delete(data.task_id);
    expect([out.width, out.height]).toEqual([width, height]);
    // The known pixels around the hole (its 1-px ring) bound a smooth fill.
    const lo = [255, 255, 255];
    const hi = [0, 0, 0];
    const isHole = (x: number, y: number) => x >= hole.x && x < hole.x + hole.width && y >= hole.y && y < hole.y + hole.height;
    for (let y = Math.max(0, hole.y - 1); y < Math.min(height, hole.y + hole.height + 1); y++) {
      for (let x = Math.max(0, hole.x - 1); x < Math.min(width, hole.x + hole.width + 1); x++) {
        if (isHole(x, y)) continue;
        for (let c = 0; c < 3; c++) {
          lo[c] = Math.min(lo[c], input.data[(y * width + x) * 4 + c]);
          hi[c] = Math.max(hi[c], input.data[(y * width + x) * 4 + c]);
        }
      }
    }
    const bad: string[] = [];
    let outside = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = (y * width + x) * 4;
        if (!isHole(x, y)) {
          for (let c = 0; c < 4; c++) outside += out.data[p + c] === input.data[p + c] ? 0 : 1;
          continue;
        }
        for (let c = 0; c < 3; c++) {
          // Flat: exactly the colour (a flat photo has no detail to copy). Gradient: within the ring, ±1 for rounding.
          const ok = kind === 'flat' ? out.data[p + c] === FLAT[c] : out.data[p + c] >= lo[c] - 1 && out.data[p + c] <= hi[c] + 1;
          if (!ok && bad.length < 5) bad.push(`(${x},${y}) c${c} = ${out.data[p + c]}, expected ${kind === 'flat' ? FLAT[c] : `${lo[c]}..${hi[c]}`}`);
        }
      }
    }
    expect(outside, `${what}: bytes changed outside the hole`).toBe(0);
    expect(bad, what).toEqual([]);
  }

  for (const kind of ['flat', 'gradient'] as const) {
    for (const [width, height] of SIZES) {
      it(`${kind} ${width}x${height}: holes of 1, 2, 3 and 6 px and all but one row, at every speed`, async () => {
        for (const speed of SPEEDS) {
          for (const side of [1, 2, 3, 6]) await check(kind, width, height, centred(width, height, side), speed);
          await check(kind, width, height, { x: 0, y: 1, width, height: height - 1 }, speed);
        }
      });
    }
    // 16 MP: the codecs dominate, so one hole size per speed (1, 3 and 6 px).
    it(`${kind} 4096x4096: holes of 1, 3 and 6 px across the speeds`, { timeout: 400_000 }, async () => {
      for (const [i, speed] of SPEEDS.entries()) await check(kind, 4096, 4096, centred(4096, 4096, [1, 3, 6][i]), speed);
    });
  }

  it('1×1, 8×8 and 33×33 images whose mask covers everything are refused: nothing is known to fill from', async () => {
    for (const [w, h] of [[1, 1], [8, 8], [33, 33]]) {
      for (const speed of SPEEDS) {
        const { data } = await client.submit({ image: image('flat', w, h), mask: mask(w, h, { x: 0, y: 0, width: w, height: h }), prompt: 'remove the speck', rendering_speed: speed });
        const done = await client.wait(data.task_id);
        expect(done.data.status).toBe('FAILED');
        expect(done.data.error?.code).toBe('invalid_request');
        expect(done.data.error?.message).toContain('covers the whole image');
      }
    }
  });
});
