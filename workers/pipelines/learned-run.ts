/**
 * Turning one filled image into the job's images, for the learned pipelines.
 * MI-GAN and LaMa are deterministic and ignore the seed, so the model runs once
 * and every seed gets the same pixels.
 */
import type { InpaintJob, InpaintJobImage, PipelineContext } from './contract';
import { checkpoint } from './checkpoint';
import { compositeAndEncode } from './paste-back';
import type { PreparedInputs } from './prepare';
import type { Rect } from '../../src/shared/rect';

/**
 * Pastes the fill into the input in place (`paste` writes inside `rect` only),
 * encodes the result once and returns it for every seed of the job, with the
 * final `step` progress event; the input's pixels are restored afterwards
 * (paste-back.ts), so no full-image copy is made. A cancel that arrived during
 * the model run stops it before encoding.
 *
 * @example
 * const images = await imagesForSeeds(job, ctx, input, rect, (t) => compositeHole(t, input.width, fill, rect, input.hole), lap);
 */
export async function imagesForSeeds(
  job: InpaintJob,
  ctx: PipelineContext,
  input: Pick<PreparedInputs, 'rgba' | 'width' | 'height' | 'bounds'>,
  rect: Rect,
  paste: (target: Uint8ClampedArray) => void,
  lap?: (stage: string) => void,
): Promise<InpaintJobImage[]> {
  await checkpoint(ctx.signal);
  const blob = await compositeAndEncode(input, rect, paste, ctx.encode, lap);
  ctx.onProgress({ status: 'step', index: job.seeds.length, total: job.seeds.length });
  return job.seeds.map((seed) => ({ blob, seed, width: input.width, height: input.height }));
}
