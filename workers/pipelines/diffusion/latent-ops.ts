/**
 * The denoise loop's latent arithmetic behind one interface, in two ways:
 *
 * - `cpuLatentOps` (WASM): the JS of latents.ts and schedulers.ts on CPU
 *   tensors, as the pipeline always did: float64 maths per element, results
 *   stored as float32.
 * - `graphLatentOps` (WebGPU): the same maps as tiny generated ONNX graphs
 *   (models/sd/latent-graphs.ts) run by ORT on `'gpu-buffer'` tensors, so the
 *   latents, the noise, the mask and every UNet output stay on the GPU from the
 *   VAE encoder to the VAE decoder (float32 maths: equal to the JS within
 *   float32 rounding). Only the scalars of a step go up, a few bytes per run,
 *   and only the decoded image comes down, packed to 4 bytes a pixel.
 *
 * Either way the loop owns what it is handed: every tensor made here, or
 * passed to `own()`, is disposed by `free()` or, whatever happened (a cancel,
 * a failed run), by `close()`, so no GPU buffer outlives the task.
 */
import { buildLatentGraph, unpackRgb, type LatentGraph } from '../../../models/sd/latent-graphs';
import { planarFloatToRgba } from '../../../src/shared/pixels';
import type { PipelineContext } from '../contract';
import { makeTensor, type Feeds, type OrtTensor } from '../../runtime/sessions';
import { gpuWorkDone, uploadFloat32, type ReadbackMeter } from '../../runtime/gpu-tensors';
import { blendKnown, concatChannels, guide, scaled } from './latents';
import type { Scheduler } from './schedulers';

/** The 9-channel UNet's fixed channels: the latent mask and the masked image's latents. */
export interface InpaintChannels {
  mask: OrtTensor;
  masked: OrtTensor;
}

/** What a latent-blend step re-noises and blends back outside the hole. */
export interface KnownLatents {
  known: OrtTensor;
  noise: OrtTensor;
  mask: OrtTensor;
}

export interface LatentOps {
  /** `'gpu'`: every tensor below lives in a GPU buffer. */
  readonly where: 'gpu' | 'cpu';
  /** A float32 tensor from CPU data (on the GPU: uploaded once, used by every step). */
  upload(data: Float32Array, dims: readonly number[]): Promise<OrtTensor>;
  /** x·s. */
  scale(x: OrtTensor, s: number): Promise<OrtTensor>;
  /** The scheduler's `addNoise(x0, noise, i)`. */
  addNoise(sched: Scheduler, x0: OrtTensor, noise: OrtTensor, i: number): Promise<OrtTensor>;
  /** `blendKnown(gen, known, mask)`. */
  blend(gen: OrtTensor, known: OrtTensor, mask: OrtTensor): Promise<OrtTensor>;
  /** The UNet's `sample` for step `i`: `scaleInput`, then the 9 channels when `inpaint` is given. */
  unetSample(sched: Scheduler, latents: OrtTensor, i: number, inpaint?: InpaintChannels): Promise<OrtTensor>;
  /** Guidance (when `uncond` is given), the scheduler step, then the known-latent blend (when `known` is given). */
  step(sched: Scheduler, i: number, latents: OrtTensor, text: OrtTensor, uncond: OrtTensor | undefined, guidance: number, known?: KnownLatents): Promise<OrtTensor>;
  /**
   * The VAE decoder's RGB planes in [-1, 1] as RGBA bytes, and disposes them: the
   * task's one read back on the GPU, packed to 4 bytes a pixel (`pack-rgb`).
   */
  readRgba(decoded: OrtTensor): Promise<Uint8ClampedArray>;
  /**
   * When the work queued so far is done: on the GPU a run only queues its work
   * (nothing is read back to wait on), so the loop asks; undefined on the CPU,
   * where a run's work is done when it returns.
   */
  finished(): Promise<void> | undefined;
  /** Takes ownership of a tensor made elsewhere (a model output). */
  own(t: OrtTensor): OrtTensor;
  /** Disposes tensors owned here now. */
  free(...ts: (OrtTensor | undefined)[]): void;
  /** Disposes every tensor still owned. */
  close(): void;
}

/** Tracks the tensors a loop owns. */
function ownership() {
  const owned = new Set<OrtTensor>();
  return {
    own(t: OrtTensor): OrtTensor {
      owned.add(t);
      return t;
    },
    free(...ts: (OrtTensor | undefined)[]): void {
      for (const t of ts) if (t && owned.delete(t)) t.dispose();
    },
    close(): void {
      for (const t of owned) {
        try {
          t.dispose();
        } catch {
          // After a device loss a buffer may fail to free; there is nothing more to free, and the task's own error matters.
        }
      }
      owned.clear();
    },
  };
}

const f32 = (t: OrtTensor) => t.data as Float32Array;

/** The VAE's pixel range: [-1, 1] ↔ 0..255. */
export const PIXEL = { scale: 2 / 255, offset: -1 } as const;

/**
 * The JS path (WASM): CPU tensors over the functions of latents.ts and schedulers.ts.
 *
 * @example
 * const ops = cpuLatentOps();
 */
export function cpuLatentOps(): LatentOps {
  const o = ownership();
  const make = (data: Float32Array, dims: readonly number[]) => o.own(makeTensor('float32', data, dims));
  return {
    where: 'cpu',
    ...o,
    finished: () => undefined,
    async readRgba(decoded) {
      const [, , h, w] = decoded.dims;
      const rgba = planarFloatToRgba(f32(decoded), w, h, PIXEL);
      o.free(decoded);
      return rgba;
    },
    upload: async (data, dims) => make(data, dims),
    scale: async (x, s) => make(scaled(f32(x), s), x.dims),
    addNoise: async (sched, x0, noise, i) => make(sched.addNoise(f32(x0), f32(noise), i), x0.dims),
    blend: async (gen, known, mask) => make(blendKnown(f32(gen), f32(known), f32(mask)), gen.dims),
    async unetSample(sched, latents, i, inpaint) {
      const sample = sched.scaleInput(f32(latents), i);
      if (!inpaint) return make(sample, latents.dims);
      const [, , h, w] = latents.dims;
      return make(concatChannels(sample, f32(inpaint.mask), f32(inpaint.masked)), [1, 9, h, w]);
    },
    async step(sched, i, latents, text, uncond, guidance, known) {
      const eps = uncond ? guide(f32(uncond), f32(text), guidance) : f32(text);
      let next = sched.step(eps, f32(latents), i);
      if (known) next = blendKnown(next, sched.addNoise(f32(known.known), f32(known.noise), i + 1), f32(known.mask));
      return make(next, latents.dims);
    },
  };
}

/**
 * The graph path: the graphs of models/sd/latent-graphs.ts on `ctx.backend`,
 * loaded once per worker (session keys `latent-ops/<graph>`). On WebGPU (the
 * pipeline's use) their outputs stay on the GPU and `readback` stays at 0:
 * nothing is downloaded. On WASM it runs too (the unit tests compare it with
 * the JS path there).
 *
 * @example
 * const ops = graphLatentOps(ctx, meter);
 */
export function graphLatentOps(ctx: Pick<PipelineContext, 'sessions' | 'backend'>, readback: ReadbackMeter): LatentOps {
  const o = ownership();
  const gpu = ctx.backend === 'webgpu';
  const run = async (graph: LatentGraph, feeds: Feeds, coef: readonly number[]) => {
    const loaded = await ctx.sessions.load(`latent-ops/${graph}`, ctx.backend, () => buildLatentGraph(graph), { gpuOutputs: ['out'] });
    const out = await ctx.sessions.run(loaded, { ...feeds, ...(coef.length ? { coef: makeTensor('float32', Float32Array.from(coef), [coef.length]) } : {}) }, readback);
    return o.own(out.out);
  };
  return {
    where: gpu ? 'gpu' : 'cpu',
    ...o,
    finished: () => (gpu ? gpuWorkDone() : undefined),
    async readRgba(decoded) {
      const packed = await run('pack-rgb', { image: decoded }, []);
      o.free(decoded);
      const rgba = unpackRgb((await packed.getData()) as Float32Array);
      o.free(packed);
      return rgba;
    },
    upload: async (data, dims) => o.own(gpu ? await uploadFloat32(data, dims) : makeTensor('float32', data, dims)),
    scale: (x, s) => run('scale', { x }, [s]),
    addNoise: (sched, x0, noise, i) => run('mix', { x: x0, y: noise }, sched.noiseCoefficients(i)),
    blend: (gen, known, mask) => run('blend', { gen, known, mask }, []),
    unetSample: (sched, latents, i, inpaint) =>
      inpaint ? run('sample9', { x: latents, mask: inpaint.mask, masked: inpaint.masked }, [sched.inputScale(i)]) : run('scale', { x: latents }, [sched.inputScale(i)]),
    step(sched, i, latents, text, uncond, guidance, known) {
      const graph: LatentGraph = `step${uncond ? '-cfg' : ''}${known ? '-blend' : ''}`;
      const coef = [guidance, ...sched.stepCoefficients(i), ...(known ? sched.noiseCoefficients(i + 1) : [])];
      return run(graph, { latents, eps_text: text, ...(uncond ? { eps_uncond: uncond } : {}), ...(known ?? {}) }, coef);
    },
  };
}
