/**
 * Turning one filled image into the job's images, for the learned pipelines.
 * MI-GAN and LaMa are deterministic and ignore the seed, so the model runs once
 * and every seed gets the same pixels.
 */
import type { InpaintJob, InpaintJobImage, PipelineContext, PipelineRun } from './contract';
import { checkpoint } from './checkpoint';
import { compositeAndEncode } from './paste-back';
import type { PreparedInputs } from './prepare';
import type { LoadedSession, OrtTensor } from '../runtime/sessions';
import { loadLearnedSession, type LearnedModel } from './learned-model';
import { readOutput } from './read-output';
import { stageTimer } from './stage-timer';

/** A learned pipeline (MI-GAN, LaMa) on one backend: workers/pipelines/family.ts binds it to its model. */
export type LearnedRun = (job: InpaintJob, ctx: PipelineContext, input: PreparedInputs, model: LearnedModel) => Promise<PipelineRun>;

/**
 * A learned pipeline's first stage: its session loaded (progress `initiate` →
 * `ready`, the I/O contract checked), timed as `load` on the job's stage timer.
 *
 * @example
 * const { loaded, timings, lap } = await startLearned(model, ctx);
 */
export async function startLearned(
  model: LearnedModel,
  ctx: PipelineContext,
): Promise<{ loaded: LoadedSession; timings: Record<string, number>; lap: (stage: string) => void }> {
  const { timings, lap } = stageTimer();
  const loaded = await loadLearnedSession(model, ctx);
  lap('load');
  return { loaded, timings, lap };
}

/**
 * The one model evaluation of a learned pipeline: a cancel checkpoint, the
 * `step` 0 progress event, the run, and its first output read back checked
 * against `type` and `dims` (read-output.ts); timed as `model`.
 *
 * @example
 * const planar = await runOnce(job, ctx, loaded, feeds, lap, ['uint8', [1, 3, 512, 512], 'MI-GAN']);
 */
export async function runOnce<T extends 'float32' | 'uint8'>(
  job: InpaintJob,
  ctx: PipelineContext,
  loaded: LoadedSession,
  feeds: Record<string, OrtTensor>,
  lap: (stage: string) => void,
  [type, dims, what]: [type: T, dims: readonly number[], what: string],
): Promise<T extends 'uint8' ? Uint8Array : Float32Array> {
  await checkpoint(ctx.signal);
  ctx.onProgress({ status: 'step', index: 0, total: job.seeds.length });
  const outputs = await ctx.sessions.run(loaded, feeds);
  const out = outputs[loaded.outputNames[0]];
  const planar = type === 'uint8' ? await readOutput(out, 'uint8', dims, what) : await readOutput(out, 'float32', dims, what);
  lap('model');
  return planar as T extends 'uint8' ? Uint8Array : Float32Array;
}

/**
 * Pastes the fill into the input in place (`paste` writes hole pixels only),
 * encodes the result once and returns it for every seed of the job, with the
 * final `step` progress event; the input's pixels are restored afterwards
 * (paste-back.ts), so no full-image copy is made. A cancel that arrived during
 * the model run stops it before encoding.
 *
 * @example
 * const images = await imagesForSeeds(job, ctx, input, (t) => compositeHole(t, input.width, fill, rect, input.hole), lap);
 */
export async function imagesForSeeds(
  job: InpaintJob,
  ctx: PipelineContext,
  input: Pick<PreparedInputs, 'rgba' | 'width' | 'height' | 'bounds' | 'hole'>,
  paste: (target: Uint8ClampedArray) => void,
  lap?: (stage: string) => void,
): Promise<InpaintJobImage[]> {
  await checkpoint(ctx.signal);
  const blob = await compositeAndEncode(input, paste, ctx.encode, lap);
  ctx.onProgress({ status: 'step', index: job.seeds.length, total: job.seeds.length });
  return job.seeds.map((seed) => ({ blob, seed, width: input.width, height: input.height }));
}
