/**
 * prepare → run → postprocess for LaMa (fixed 512×512).
 *
 * A square window around the hole (crop-plan.ts): up to 512 px it runs at 1:1,
 * padded to 512 by edge replication (of the mask too: padding beside the hole is hole); larger windows (big holes)
 * are shrunk to 512 with `area`, and the fill comes back with `bilinear`. The
 * model's 0..255 output is pasted into hole pixels only, feathered inside the
 * hole when it was resampled, so every pixel outside the hole stays bit-identical.
 */
import { LAMA_SIZE } from '../../models/lama/manifest';
import {
  compositeHoleFeathered,
  cropHole,
  cropRgba,
  holeToPlanarFloat,
  planarFloatToRgba,
  resizeHole,
  resizeRgba,
  rgbaToPlanarFloat,
} from '../../src/shared/pixels';
import { makeTensor } from '../runtime/sessions';
import { planLamaCrop } from './crop-plan';
import { imagesForSeeds, runOnce, startLearned, type LearnedRun } from './learned-run';
import { upsampleFill } from './paste-back';

/**
 * Runs LaMa on one backend.
 *
 * @example
 * const { images } = await runLama(job, ctx, input, learnedModel(effectiveManifest('lama'), onProgress));
 */
export const runLama: LearnedRun = async (job, ctx, input, model) => {
  const { loaded, timings, lap } = await startLearned(model, ctx);

  const plan = planLamaCrop(input.bounds, input.width, input.height, job.renderingSpeed);
  const { rect, runWidth, runHeight } = plan;
  const resampled = plan.scale < 1;
  let pixels = cropRgba(input.rgba, input.width, rect);
  let hole = cropHole(input.hole, input.width, rect);
  if (resampled) {
    pixels = resizeRgba(pixels, rect.width, rect.height, runWidth, runHeight, 'area');
    // A low-res pixel is a hole if any pixel under it is: no hole pixel is left unfilled.
    hole = resizeHole(hole, rect.width, rect.height, runWidth, runHeight);
  }
  const padTo = { width: LAMA_SIZE, height: LAMA_SIZE };
  const [imageSpec, maskSpec] = model.manifest.io.inputs;
  const feeds = {
    [imageSpec.name]: makeTensor('float32', rgbaToPlanarFloat(pixels, runWidth, runHeight, { padTo }), [1, 3, LAMA_SIZE, LAMA_SIZE]),
    [maskSpec.name]: makeTensor('float32', holeToPlanarFloat(hole, runWidth, runHeight, padTo), [1, 1, LAMA_SIZE, LAMA_SIZE]),
  };
  lap('prepare');

  const planar = await runOnce(job, ctx, loaded, feeds, lap, ['float32', [1, 3, LAMA_SIZE, LAMA_SIZE], 'LaMa']);

  // The output is 0..255 already (scale 1), not 0..1.
  const small = planarFloatToRgba(planar, LAMA_SIZE, LAMA_SIZE, { crop: { width: runWidth, height: runHeight }, scale: 1 });
  const up = upsampleFill(small, runWidth, runHeight, rect, input.bounds, plan.feather);
  const paste = (target: Uint8ClampedArray) => compositeHoleFeathered(target, input.width, up.fill, up.rect, input.hole, plan.feather);
  const images = await imagesForSeeds(job, ctx, input, paste, lap);
  const how = resampled
    ? `shrunk ${rect.width}×${rect.height} → ${runWidth}×${runHeight} (scale ${plan.scale.toFixed(3)}), feathered ${plan.feather} px inside the hole`
    : `at 1:1 on a ${rect.width}×${rect.height} window`;
  return { images, timings, note: `LaMa ran ${how}` };
};
