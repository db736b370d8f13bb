import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import type { SessionManager } from '../../runtime/sessions';
import { unpackRgb } from '../../../models/sd/latent-graphs';
import { cpuLatentOps, graphLatentOps, type LatentOps } from './latent-ops';
import { latentNoise } from './latents';
import { ddimLeading, eulerTrailing, type Scheduler } from './schedulers';

ort.env.wasm.numThreads = 1;

/** SessionManager's load/run over plain ORT sessions (Node has no worker runtime). */
function plainSessions(): SessionManager {
  const cache = new Map<string, Promise<ort.InferenceSession>>();
  return {
    load: async (key: string, backend: string, bytes: () => Uint8Array) => {
      if (!cache.has(key)) cache.set(key, ort.InferenceSession.create(bytes()));
      const session = await cache.get(key)!;
      return { key, backend, session, inputNames: session.inputNames, outputNames: session.outputNames };
    },
    run: (loaded: { session: ort.InferenceSession }, feeds: Record<string, ort.Tensor>) => loaded.session.run(feeds),
  } as unknown as SessionManager;
}

const [h, w] = [3, 5];
const dims = [1, 4, h, w];
const image = latentNoise(7, dims).map((v) => v * 0.6);
const maskData = Float32Array.from({ length: h * w }, (_, i) => (i % 5 > 1 ? 1 : 0));

/** The pipeline's loop on a stand-in UNet (ε = 0.3·sample₀..₃ + 0.05·t/1000), returning the final latents. */
async function denoise(ops: LatentOps, sched: Scheduler, nine: boolean, guidance: number | undefined, strength: number): Promise<Float32Array> {
  const known = await ops.upload(image, dims);
  const mask = await ops.upload(maskData, [1, 1, h, w]);
  const noise = await ops.upload(latentNoise(3, dims), dims);
  const masked = nine ? await ops.scale(known, 0.5) : undefined;
  let latents = strength >= 1 ? await ops.scale(noise, sched.initNoiseSigma) : await ops.addNoise(sched, known, noise, 0);
  for (let i = 0; i < sched.timesteps.length; i++) {
    const sample = await ops.unetSample(sched, latents, i, masked && { mask, masked });
    const s = (await sample.getData()) as Float32Array;
    expect(sample.dims).toEqual([1, nine ? 9 : 4, h, w]);
    const eps = (k: number) => ops.upload(Float32Array.from({ length: 4 * h * w }, (_, j) => 0.3 * s[j] * k + (0.05 * sched.timesteps[i]) / 1000), dims);
    const text = await eps(1);
    const uncond = guidance === undefined ? undefined : await eps(0.7);
    const next = await ops.step(sched, i, latents, text, uncond, guidance ?? 1, nine ? undefined : { known, noise, mask });
    ops.free(latents, text, uncond, sample);
    latents = next;
  }
  const out = (await (await ops.scale(latents, 1 / 0.18215)).getData()) as Float32Array;
  ops.close();
  return out.slice();
}

describe('latent graphs (run on WASM here) against the JS path', () => {
  const cases = [
    ['SD-Turbo: Euler, 4-channel blend, no guidance', () => eulerTrailing(4), false, undefined, 1],
    ['SD-Turbo img2img at strength 0.5', () => eulerTrailing(4, 0.5), false, undefined, 0.5],
    ['SD-1.5 inpainting: DDIM, 9 channels, guidance 7.5', () => ddimLeading(12), true, 7.5, 1],
    ['SD-1.5 at strength 0.7', () => ddimLeading(10, 0.7), true, 6, 0.7],
  ] as const;
  for (const [name, make, nine, guidance, strength] of cases) {
    it(`${name}: the same final latents within float32 rounding`, async () => {
      const js = await denoise(cpuLatentOps(), make(), nine, guidance, strength);
      const graphs = await denoise(graphLatentOps({ sessions: plainSessions(), backend: 'wasm' }, { bytes: 0 }), make(), nine, guidance, strength);
      expect(graphs.length).toBe(js.length);
      const scale = Math.max(...js.map(Math.abs));
      const worst = Math.max(...js.map((v, i) => Math.abs(v - graphs[i])));
      expect(worst / scale).toBeLessThan(1e-5);
      // Outside the hole a blend keeps the re-noised known latents: to clean x₀ at the end.
      if (!nine) for (let j = 0; j < h * w; j++) if (!maskData[j]) expect(js[j]).toBeCloseTo(image[j] / 0.18215, 4);
    });
  }

  it('blend is exact: known where the mask is 0, generated where it is 1', async () => {
    const ops = graphLatentOps({ sessions: plainSessions(), backend: 'wasm' }, { bytes: 0 });
    const gen = await ops.upload(latentNoise(1, dims), dims);
    const known = await ops.upload(image, dims);
    const mask = await ops.upload(maskData, [1, 1, h, w]);
    const out = (await (await ops.blend(gen, known, mask)).getData()) as Float32Array;
    const g = latentNoise(1, dims);
    out.forEach((v, i) => expect(v).toBe(maskData[i % (h * w)] ? g[i] : image[i]));
    ops.close();
  });
});

describe('the decoded image as RGBA bytes', () => {
  // Planes in [-1.2, 1.2] (past both ends: clamped); no value sits on a rounding tie.
  const [h, w] = [4, 6];
  const planes = Float32Array.from({ length: 3 * h * w }, (_, i) => Math.sin(i * 1.7 + 0.3) * 1.2);

  it('pack-rgb (run on WASM here) then unpackRgb gives the bytes of the JS path, 4 bytes a pixel read back', async () => {
    const js = await cpuLatentOps().readRgba(new ort.Tensor('float32', planes.slice(), [1, 3, h, w]));
    const ops = graphLatentOps({ sessions: plainSessions(), backend: 'wasm' }, { bytes: 0 });
    const graph = await ops.readRgba(ops.own(new ort.Tensor('float32', planes.slice(), [1, 3, h, w])));
    expect(js.length).toBe(4 * h * w);
    expect(Array.from(graph)).toEqual(Array.from(js));
    // Both ends clamp; alpha is opaque.
    expect(new Set(js.filter((_, i) => i % 4 === 3))).toEqual(new Set([255]));
    expect(js.filter((_, i) => i % 4 !== 3)).toContain(0);
    expect(js.filter((_, i) => i % 4 !== 3)).toContain(255);
  });

  it('unpackRgb splits r + 256·g + 65536·b', () => {
    expect(Array.from(unpackRgb(Float32Array.from([0, 1 + 256 * 2 + 65536 * 3, 16777215])))).toEqual([0, 0, 0, 255, 1, 2, 3, 255, 255, 255, 255, 255]);
  });
});
