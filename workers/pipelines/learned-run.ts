/**
 * Bookkeeping shared by the learned pipelines: stage timings and turning one
 * filled image into the job's images. MI-GAN and LaMa are deterministic and
 * ignore the seed, so the model runs once and every seed gets the same pixels.
 */
import type { InpaintJob, InpaintJobImage, PipelineContext } from '../api';
import { InpaintError } from '../../src/shared/errors';
import type { OrtTensor } from '../runtime/sessions';
import { checkpoint } from './checkpoint';

/** Accumulates milliseconds per stage: `lap('model')` charges the time since the last lap. */
export function stageTimer(): { timings: Record<string, number>; lap(name: string): void } {
  const timings: Record<string, number> = {};
  let t = performance.now();
  return {
    timings,
    lap(name: string) {
      const now = performance.now();
      timings[name] = (timings[name] ?? 0) + (now - t);
      t = now;
    },
  };
}

/**
 * Encodes `rgba` once and returns it for every seed of the job, with the final
 * `step` progress event. A cancel that arrived during the model run stops it
 * before encoding.
 *
 * @example
 * const images = await imagesForSeeds(job, ctx, result, width, height);
 */
export async function imagesForSeeds(
  job: InpaintJob,
  ctx: PipelineContext,
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
): Promise<InpaintJobImage[]> {
  await checkpoint(ctx.signal);
  const blob = await ctx.encode(rgba);
  ctx.onProgress({ status: 'step', index: job.seeds.length, total: job.seeds.length });
  return job.seeds.map((seed) => ({ blob, seed, width, height }));
}

/**
 * Reads a model output after checking that its type and dims are exactly what
 * the pipeline will index, and disposes the tensor either way.
 *
 * @param what the subject of the error message, e.g. `'LaMa'` or `'The UNet'`
 * @example
 * const planar = await readOutput(outputs[loaded.outputNames[0]], 'float32', [1, 3, 512, 512], 'LaMa');
 */
export async function readOutput(tensor: OrtTensor, type: 'float32', expected: readonly number[], what: string): Promise<Float32Array>;
export async function readOutput(tensor: OrtTensor, type: 'uint8', expected: readonly number[], what: string): Promise<Uint8Array>;
export async function readOutput(tensor: OrtTensor, type: 'float32' | 'uint8', expected: readonly number[], what: string): Promise<Float32Array | Uint8Array> {
  try {
    const dims = tensor.dims;
    if (tensor.type !== type || dims.length !== expected.length || dims.some((d, i) => d !== expected[i])) {
      throw new InpaintError('inference', `${what} returned ${tensor.type} [${dims.join(',')}], expected ${type} [${expected.join(',')}].`);
    }
    return (await tensor.getData()) as Float32Array | Uint8Array;
  } finally {
    tensor.dispose();
  }
}
