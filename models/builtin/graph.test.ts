import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SPEED_PARAMS, buildBuiltinFillModel, builtinSizeMultiple } from './graph';

ort.env.wasm.numThreads = 1;

const W = 128;
const H = 64;
const PLANE = W * H;

/** Deterministic pseudo-random numbers (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(seed: number, n: number): Float32Array<ArrayBuffer> {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
  return out;
}

/** Hole = a vertical band of columns [x0, x1). */
function bandMask(x0: number, x1: number): Float32Array<ArrayBuffer> {
  const m = new Float32Array(PLANE);
  for (let y = 0; y < H; y++) for (let x = x0; x < x1; x++) m[y * W + x] = 1;
  return m;
}

let session: ort.InferenceSession;

async function fill(image: Float32Array<ArrayBuffer>, mask: Float32Array<ArrayBuffer>, noise = new Float32Array(PLANE)): Promise<ort.Tensor> {
  const out = await session.run({
    image: new ort.Tensor('float32', image, [1, 3, H, W]),
    mask: new ort.Tensor('float32', mask, [1, 1, H, W]),
    noise: new ort.Tensor('float32', noise, [1, 1, H, W]),
  });
  return out.output;
}

describe('buildBuiltinFillModel', () => {
  beforeAll(async () => {
    expect(H % builtinSizeMultiple(BUILTIN_SPEED_PARAMS.DEFAULT)).toBe(0);
    session = await ort.InferenceSession.create(buildBuiltinFillModel(BUILTIN_SPEED_PARAMS.DEFAULT));
  }, 60_000);

  it('has the documented inputs and output, and keeps the shape', async () => {
    expect(session.inputNames).toEqual(['image', 'mask', 'noise']);
    expect(session.outputNames).toEqual(['output']);
    const out = await fill(new Float32Array(3 * PLANE).fill(0.5), bandMask(10, 20));
    expect(out.dims).toEqual([1, 3, H, W]);
    expect(out.type).toBe('float32');
  });

  it('returns every known pixel exactly, and fills the hole within [0, 1]', async () => {
    const r = rng(1);
    const image = Float32Array.from({ length: 3 * PLANE }, () => Math.round(r() * 255) / 255);
    const mask = Float32Array.from({ length: PLANE }, () => (r() < 0.3 ? 1 : 0));
    const out = (await fill(image, mask, gaussian(2, PLANE))).data as Float32Array;
    let exact = 0;
    let known = 0;
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < PLANE; i++) {
        const v = out[c * PLANE + i];
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        if (mask[i] === 0) {
          known++;
          if (v === image[c * PLANE + i]) exact++;
        }
      }
    }
    expect(known).toBeGreaterThan(PLANE);
    expect(exact).toBe(known);
  });

  it('fills a constant image with that constant, even with noise (no detail, no grain)', async () => {
    const colour = [0.2, 0.6, 0.9];
    const image = new Float32Array(3 * PLANE);
    colour.forEach((v, c) => image.fill(v, c * PLANE, (c + 1) * PLANE));
    const mask = bandMask(30, 90);
    for (let i = 0; i < PLANE; i++) if (mask[i]) for (let c = 0; c < 3; c++) image[c * PLANE + i] = 0; // garbage in the hole
    const out = (await fill(image, mask, gaussian(3, PLANE))).data as Float32Array;
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < PLANE; i++) expect(Math.abs(out[c * PLANE + i] - colour[c])).toBeLessThan(1e-4);
    }
  });

  it('reproduces a horizontal linear ramp across a vertical band hole (harmonic), with zero noise', async () => {
    const image = new Float32Array(3 * PLANE);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) image[c * PLANE + y * W + x] = 0.1 + (0.8 * x) / (W - 1);
    }
    const mask = bandMask(40, 56);
    const holed = image.slice();
    for (let i = 0; i < PLANE; i++) if (mask[i]) for (let c = 0; c < 3; c++) holed[c * PLANE + i] = 1;
    const out = (await fill(holed, mask)).data as Float32Array;
    let maxErr = 0;
    for (let i = 0; i < 3 * PLANE; i++) maxErr = Math.max(maxErr, Math.abs(out[i] - image[i]));
    expect(maxErr).toBeLessThan(2 / 255);
  });

  it('changes only hole pixels when the noise changes, and does change them on textured content', async () => {
    // The speeds run without grain now (texture comes from the pipeline's patch
    // synthesis, src/shared/texture.ts); the graph's grain stage is tested with grain on.
    expect(BUILTIN_SPEED_PARAMS.DEFAULT.grain).toBe(0);
    const grainy = await ort.InferenceSession.create(buildBuiltinFillModel({ ...BUILTIN_SPEED_PARAMS.DEFAULT, grain: 1.25, grainLevel: 3 }));
    const fill = async (image: Float32Array<ArrayBuffer>, mask: Float32Array<ArrayBuffer>, noise: Float32Array<ArrayBuffer>) =>
      (
        await grainy.run({
          image: new ort.Tensor('float32', image, [1, 3, H, W]),
          mask: new ort.Tensor('float32', mask, [1, 1, H, W]),
          noise: new ort.Tensor('float32', noise, [1, 1, H, W]),
        })
      ).output;
    const r = rng(4);
    const image = Float32Array.from({ length: 3 * PLANE }, () => 0.3 + 0.4 * r()); // detailed texture
    const mask = bandMask(50, 70);
    const a = (await fill(image, mask, gaussian(5, PLANE))).data as Float32Array;
    const b = (await fill(image, mask, gaussian(6, PLANE))).data as Float32Array;
    let holeDiff = 0;
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < PLANE; i++) {
        const d = Math.abs(a[c * PLANE + i] - b[c * PLANE + i]);
        if (mask[i]) holeDiff = Math.max(holeDiff, d);
        else expect(d).toBe(0);
      }
    }
    expect(holeDiff).toBeGreaterThan(0.05);
  });

  it('without grain solves R, G and B alone, to the same bytes as the graph that also carries the energy channel', { timeout: 30_000 }, async () => {
    // Every op is per channel, so dropping the unused fourth channel must change no output value.
    const r = rng(7);
    const image = Float32Array.from({ length: 3 * PLANE }, (_, i) => 0.2 + 0.3 * Math.sin(i / 17) ** 2 + 0.3 * r());
    const mask = bandMask(30, 90);
    for (let y = 10; y < 40; y++) mask.fill(1, y * W + 5, y * W + 28);
    for (const speed of ['TURBO', 'DEFAULT'] as const) {
      const feeds = {
        image: new ort.Tensor('float32', image, [1, 3, H, W]),
        mask: new ort.Tensor('float32', mask, [1, 1, H, W]),
        noise: new ort.Tensor('float32', new Float32Array(PLANE), [1, 1, H, W]),
      };
      // With ORT's optimiser (WebGPU's default) and without it (the pipeline's choice on WASM).
      for (const graphOptimizationLevel of ['all', 'disabled'] as const) {
        const plain = await ort.InferenceSession.create(buildBuiltinFillModel(BUILTIN_SPEED_PARAMS[speed]), { graphOptimizationLevel });
        // Grain on with zero noise: the four-channel solve, plus 0.
        const fourChannels = await ort.InferenceSession.create(buildBuiltinFillModel({ ...BUILTIN_SPEED_PARAMS[speed], grain: 1 }), { graphOptimizationLevel });
        const a = (await plain.run(feeds)).output.data as Float32Array;
        const b = (await fourChannels.run(feeds)).output.data as Float32Array;
        expect(a.length).toBe(3 * PLANE);
        expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
      }
      const a = (await (await ort.InferenceSession.create(buildBuiltinFillModel(BUILTIN_SPEED_PARAMS[speed]))).run(feeds)).output.data as Float32Array;
      // And the hole was filled (not left as it came in).
      let moved = 0;
      for (let i = 0; i < PLANE; i++) if (mask[i] && Math.abs(a[i] - image[i]) > 0.01) moved++;
      expect(moved).toBeGreaterThan(1000);
    }
  });

  it('rejects inconsistent params', () => {
    expect(() => buildBuiltinFillModel({ levels: 3, iterations: [1, 2], grain: 0 })).toThrow(/iterations must be 4/);
    expect(() => buildBuiltinFillModel({ levels: 2, iterations: [1, 1, 1], grain: -1 })).toThrow(/grain/);
  });
});
