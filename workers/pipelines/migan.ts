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
import { compositeHole, cropHole, cropRgba, holeToKnownBytes, planarBytesToRgba, rgbaToPlanarBytes } from '../../src/shared/pixels';
import { makeTensor } from '../runtime/sessions';
import { planMiganCrop } from './crop-plan';
import { imagesForSeeds, runOnce, startLearned, type LearnedRun } from './learned-run';

/**
 * Runs MI-GAN on one backend.
 *
 * @example
 * const { images } = await runMigan(job, ctx, input, learnedModel(effectiveManifest('migan'), onProgress));
 */
export const runMigan: LearnedRun = async (job, ctx, input, model) => {
  const { loaded, timings, lap } = await startLearned(model, ctx);

  const rect = planMiganCrop(input.bounds, input.width, input.height);
  const [imageSpec, maskSpec] = model.manifest.io.inputs;
  const image = makeTensor('uint8', rgbaToPlanarBytes(cropRgba(input.rgba, input.width, rect), rect.width, rect.height), [1, 3, rect.height, rect.width]);
  const mask = makeTensor('uint8', holeToKnownBytes(cropHole(input.hole, input.width, rect)), [1, 1, rect.height, rect.width]);
  lap('prepare');

  const planar = await runOnce(job, ctx, loaded, { [imageSpec.name]: image, [maskSpec.name]: mask }, lap, ['uint8', [1, 3, rect.height, rect.width], 'MI-GAN']);

  const fill = planarBytesToRgba(planar, rect.width, rect.height);
  const images = await imagesForSeeds(job, ctx, input, (target) => compositeHole(target, input.width, fill, rect, input.hole), lap);
  return { images, timings, note: `MI-GAN ran on a ${rect.width}×${rect.height} window around the hole` };
};
