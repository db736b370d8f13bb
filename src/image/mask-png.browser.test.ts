/**
 * src/image/mask-png.ts against the browser: on every PNG it accepts, its hole
 * map is the one that the browser's decode (createImageBitmap → canvas →
 * getImageData) and holeMapFromRgba give, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { holeBounds, holeMapFromRgba } from '../shared/pixels';
import { decodeImage } from './decode';
import { pngHoleMap } from './mask-png';
import { encodeTestPng, type TestPng } from './test-png';

async function browserHoleMap(png: Uint8Array) {
  const { width, height, data } = await decodeImage(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'mask');
  const hole = holeMapFromRgba(data, width, height);
  return { width, height, hole, bounds: holeBounds(hole, width, height) };
}

async function expectSameAsBrowser(png: Uint8Array): Promise<void> {
  const ours = await pngHoleMap(png);
  expect(ours, 'read by the fast path').not.toBeNull();
  const theirs = await browserHoleMap(png);
  expect(ours!.width).toBe(theirs.width);
  expect(ours!.height).toBe(theirs.height);
  expect(ours!.bounds).toEqual(theirs.bounds);
  expect(ours!.count).toBe(theirs.hole.reduce((n, v) => n + v, 0));
  // toEqual on 10⁵ bytes prints a useless diff; count the differing pixels instead.
  let differ = 0;
  for (let i = 0; i < ours!.hole.length; i++) if (ours!.hole[i] !== theirs.hole[i]) differ++;
  expect(differ).toBe(0);
}

function lcg(n: number, max: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % (max + 1);
  });
}

/** A white w×h canvas with a black filled ellipse (cx, cy, rx, ry, rotation), for drawing more on. */
function ellipseMask(w: number, h: number, ellipse: [number, number, number, number, number]): [OffscreenCanvas, OffscreenCanvasRenderingContext2D] {
  const canvas = new OffscreenCanvas(w, h);
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, h);
  g.fillStyle = '#000';
  g.beginPath();
  g.ellipse(...ellipse, 0, Math.PI * 2);
  g.fill();
  return [canvas, g];
}

describe('pngHoleMap matches the browser decode', () => {
  it('on masks drawn and encoded by the canvas (anti-aliased strokes, grey levels around 50 %)', async () => {
    const [canvas, g] = ellipseMask(301, 203, [120, 90, 70, 40, 0.3]);
    g.strokeStyle = '#000';
    g.lineWidth = 3.5;
    g.beginPath();
    g.moveTo(10, 190);
    g.bezierCurveTo(80, 20, 200, 250, 295, 15);
    g.stroke();
    for (let v = 120; v <= 135; v++) {
      g.fillStyle = `rgb(${v},${v},${v})`;
      g.fillRect(200 + (v - 120) * 6, 150, 6, 40);
    }
    g.fillStyle = 'rgb(250, 20, 90)';
    g.fillRect(5, 5, 30, 30);
    const png = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    await expectSameAsBrowser(png);
  });

  it('on hand-written PNGs of every colour type, depth and filter it reads', async () => {
    const [w, h] = [53, 29];
    const palette = [0, 0, 0, 255, 255, 255, 127, 127, 127, 128, 128, 128, 20, 220, 40];
    const specs: TestPng[] = [
      { width: w, height: h, depth: 8, colourType: 0, samples: lcg(w * h, 255, 1) },
      { width: w, height: h, depth: 1, colourType: 0, samples: lcg(w * h, 1, 2) },
      { width: w, height: h, depth: 2, colourType: 0, samples: lcg(w * h, 3, 3), trns: [0, 2] },
      { width: w, height: h, depth: 4, colourType: 0, samples: lcg(w * h, 15, 4) },
      { width: w, height: h, depth: 8, colourType: 0, samples: lcg(w * h, 255, 5), trns: [0, 3] },
      { width: w, height: h, depth: 8, colourType: 2, samples: lcg(w * h * 3, 255, 6) },
      { width: w, height: h, depth: 8, colourType: 2, samples: lcg(w * h * 3, 1, 7).map((s) => s * 255), trns: [0, 0, 0, 0, 0, 0] },
      { width: w, height: h, depth: 8, colourType: 3, samples: lcg(w * h, 4, 8), palette, trns: [255, 0, 255] },
      { width: w, height: h, depth: 4, colourType: 3, samples: lcg(w * h, 4, 9), palette },
      { width: w, height: h, depth: 1, colourType: 3, samples: lcg(w * h, 1, 10), palette: palette.slice(0, 6) },
      { width: w, height: h, depth: 8, colourType: 4, samples: lcg(w * h * 2, 255, 11).map((s, i) => (i % 2 ? (s & 1) * 255 : s)) },
      { width: w, height: h, depth: 8, colourType: 6, samples: lcg(w * h * 4, 255, 12).map((s, i) => (i % 4 === 3 ? (s & 1) * 255 : s)) },
    ];
    for (const spec of specs) {
      for (const filters of [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4]]) await expectSameAsBrowser(await encodeTestPng({ ...spec, filters }));
    }
  });

  it('on a zlib stream whose Adler-32 is wrong (every chunk CRC right): Chromium decodes it, so the fast path reads it', async () => {
    const [w, h] = [41, 23];
    await expectSameAsBrowser(await encodeTestPng({ width: w, height: h, depth: 8, colourType: 6, samples: lcg(w * h * 4, 255, 13).map((s, i) => (i % 4 === 3 ? 255 : s)), wrongAdler: true }));
    await expectSameAsBrowser(await encodeTestPng({ width: w, height: h, depth: 1, colourType: 0, samples: lcg(w * h, 1, 14), wrongAdler: true }));
  });

  it('on a 12-megapixel mask: rows repeated from the one above, and rows that differ', async () => {
    const [canvas, g] = ellipseMask(4000, 3000, [2100, 1400, 900, 1200, 0.4]);
    g.fillRect(3990, 2990, 10, 10);
    const png = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    canvas.width = canvas.height = 0;
    await expectSameAsBrowser(png);
  });
});
