/**
 * Bookkeeping shared by the learned pipelines: stage timings and turning one
 * filled image into the job's images. MI-GAN and LaMa are deterministic and
 * ignore the seed, so the model runs once and every seed gets the same pixels.
 */
import type { InpaintJob, InpaintJobImage, PipelineContext } from '../api';
import { encodeImage } from '../../src/image/encode';

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
 * `step` progress event.
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
  const blob = await encodeImage(rgba, width, height, job.outputFormat);
  ctx.onProgress({ status: 'step', index: job.seeds.length, total: job.seeds.length });
  return job.seeds.map((seed) => ({ blob, seed, width, height }));
}

/** Output tensor dims must be exactly what the pipeline will read. */
export function sameDims(actual: readonly number[], expected: readonly number[]): boolean {
  return actual.length === expected.length && actual.every((d, i) => d === expected[i]);
}
