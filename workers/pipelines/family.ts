/**
 * Which pipeline runs a manifest. Pure (no ORT): the worker asks it before
 * decoding anything, so a model whose family has no pipeline in this build
 * fails with its own name instead of running another model under that name.
 */
import type { ModelManifest } from '../../models/manifest';
import { isDiffusionManifest } from '../../models/sd/manifest';
import { InpaintError } from '../../src/shared/errors';

export type PipelineFamily = 'builtin' | 'migan' | 'lama' | 'diffusion';

/** The families this build has a pipeline for (workers/pipelines/<family>.ts). */
export const PIPELINE_FAMILIES: readonly PipelineFamily[] = ['builtin', 'migan', 'lama', 'diffusion'];

/**
 * The pipeline for `manifest`.
 *
 * @throws InpaintError `model_not_found` when the family is unknown, or when a
 *   learned family has no weight files (nothing to run), naming the model, its family and the known ones.
 * @example
 * pipelineFamily(getModel('lama')); // 'lama'
 */
export function pipelineFamily(manifest: ModelManifest): PipelineFamily {
  const family = manifest.family as PipelineFamily;
  const known = PIPELINE_FAMILIES.includes(family) && (family !== 'diffusion' || isDiffusionManifest(manifest));
  if (!known) {
    throw new InpaintError(
      'model_not_found',
      `Model "${manifest.id}" has family "${manifest.family}", which has no pipeline in this build. Known families: ${PIPELINE_FAMILIES.join(', ')}.`,
      { details: { id: manifest.id, family: manifest.family, valid: [...PIPELINE_FAMILIES] } },
    );
  }
  if ((family === 'migan' || family === 'lama') && manifest.files.length === 0) {
    throw new InpaintError('model_not_found', `Model "${manifest.id}" (family "${family}") lists no weight files, so there is nothing to run.`, {
      details: { id: manifest.id, family },
    });
  }
  return family;
}
