/**
 * Every model the engine knows, by id: the built-in fill (generated in code)
 * the learned MI-GAN and LaMa, and the diffusion models (SD-Turbo, SD-1.5
 * inpainting). `MODEL_LIST` is the one list: the UI's catalog (catalog.ts) and
 * the router's preferences (workers/pipelines/route.ts) are derived from it.
 * Every manifest is pure data, so the page can import this without the
 * built-in graph generator. Adding one: see models/README.md.
 */
import { InpaintError } from '../src/shared/errors';
import { BUILTIN_FILL_MANIFEST } from './builtin/manifest';
import { LAMA_MANIFEST } from './lama/manifest';
import { MIGAN_MANIFEST } from './migan/manifest';
import { SD15_INPAINT_MANIFEST, SD_TURBO_MANIFEST } from './sd/manifest';
import type { ModelManifest } from './manifest';

export type { ModelFile, ModelIo, ModelManifest, TensorSpec } from './manifest';

/** The registered models, in the order a UI lists them. */
export const MODEL_LIST: readonly ModelManifest[] = Object.freeze([
  BUILTIN_FILL_MANIFEST,
  MIGAN_MANIFEST,
  LAMA_MANIFEST,
  SD_TURBO_MANIFEST,
  SD15_INPAINT_MANIFEST,
]);

/** All registered models, keyed by id. */
export const MODELS: Readonly<Record<string, ModelManifest>> = Object.freeze(Object.fromEntries(MODEL_LIST.map((m) => [m.id, m])));

/**
 * Looks a model up by id.
 *
 * @throws InpaintError `model_not_found`, listing the valid ids.
 * @example
 * const manifest = getModel('builtin-fill');
 */
export function getModel(id: string): ModelManifest {
  const manifest = Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
  if (!manifest) {
    const valid = Object.keys(MODELS).join(', ');
    throw new InpaintError('model_not_found', `Unknown model "${id}". Valid model ids: ${valid}.`, {
      details: { id, valid: Object.keys(MODELS) },
    });
  }
  return manifest;
}
