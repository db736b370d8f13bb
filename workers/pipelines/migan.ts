/**
 * prepare → run → postprocess for MI-GAN pipeline v2.
 *
 * The graph crops around the hole, runs at 512 and blends back by itself, so
 * the pipeline only converts conventions: RGB bytes planar, mask 255 = known /
 * 0 = hole. It feeds a window around the hole (crop-plan.ts) rather than the
 * whole image, so a 12 MP photo never becomes a float tensor inside the graph,
 * and writes back hole pixels only: the graph's blurred-mask blend may touch a
 * few pixels outside the hole, which must stay bit-identical.
 */
import type { InpaintJob, InpaintJobImage, PipelineContext } from './contract';
import { compositeHole, cropHole, cropRgba, holeToKnownBytes, planarBytesToRgba, rgbaToPlanarBytes } from '../../src/shared/pixels';
import { makeTensor } from '../runtime/sessions';
import type { PreparedInputs } from './prepare';
import { planMiganCrop } from './crop-plan';
import { loadLearnedSession, type LearnedModel } from './learned-model';
import { imagesForSeeds } from './learned-run';
import { readOutput } from './read-output';
import { stageTimer } from './stage-timer';
import { checkpoint } from './checkpoint';

/**
 * Runs MI-GAN on one backend.
 *
 * @example
 * const { images } = await runMigan(job, ctx, input, learnedModel(effectiveManifest('migan'), onProgress));
 */
export async function runMigan(
  job: InpaintJob,
  ctx: PipelineContext,
  input: PreparedInputs,
  model: LearnedModel,
): Promise<{ images: InpaintJobImage[]; timings: Record<string, number>; note: string }> {
  const { timings, lap } = stageTimer();
  const loaded = await loadLearnedSession(model, ctx);
  lap('load');

  const rect = planMiganCrop(input.bounds, input.width, input.height);
  const [imageSpec, maskSpec] = model.manifest.io.inputs;
  const image = makeTensor('uint8', rgbaToPlanarBytes(cropRgba(input.rgba, input.width, rect), rect.width, rect.height), [1, 3, rect.height, rect.width]);
  const mask = makeTensor('uint8', holeToKnownBytes(cropHole(input.hole, input.width, rect)), [1, 1, rect.height, rect.width]);
  lap('prepare');

  await checkpoint(ctx.signal);
  ctx.onProgress({ status: 'step', index: 0, total: job.seeds.length });
  const outputs = await ctx.sessions.run(loaded, { [imageSpec.name]: image, [maskSpec.name]: mask });
  const planar = await readOutput(outputs[loaded.outputNames[0]], 'uint8', [1, 3, rect.height, rect.width], 'MI-GAN');
  lap('model');

  const result = new Uint8ClampedArray(input.rgba);
  compositeHole(result, input.width, planarBytesToRgba(planar, rect.width, rect.height), rect, input.hole);
  lap('composite');
  const images = await imagesForSeeds(job, ctx, result, input.width, input.height);
  lap('encode');
  return { images, timings, note: `MI-GAN ran on a ${rect.width}×${rect.height} window around the hole` };
}
