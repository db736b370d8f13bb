/**
 * Turning one filled image into the job's images, for the learned pipelines.
 * MI-GAN and LaMa are deterministic and ignore the seed, so the model runs once
 * and every seed gets the same pixels.
 */
import type { InpaintJob, InpaintJobImage, PipelineContext } from './contract';
import { checkpoint } from './checkpoint';

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
