/**
 * Which model serves a request. Pure: the caller says which learned models are
 * available offline (every weight file cached and complete), so the default
 * path never starts a download; only an explicit `model` may.
 *
 * The orders come from the manifests' `serves` ranks (models/registry.ts):
 *
 * | rendering_speed | first choice among cached learned models | none cached |
 * |---|---|---|
 * | TURBO   | MI-GAN, then LaMa | built-in fill |
 * | DEFAULT | LaMa, then MI-GAN | built-in fill |
 * | QUALITY | LaMa (tighter crop, see crop-plan.ts), then MI-GAN | built-in fill |
 *
 * A prompt that asks for new content (not empty, not a removal such as
 * "remove the cable", "erase", "clean up", "empty background") goes first to a
 * cached diffusion model (`DIFFUSION_PREFERENCE`); removal prompts stay with the
 * fill models above, which continue the surroundings better.
 *
 * A mask that covers the whole image (`fullHole`) leaves the fill models nothing
 * to continue: it goes to a cached diffusion model whatever the prompt, and with
 * none cached the worker refuses it (`invalid_request` naming `mask`).
 *
 * An explicit `model` always wins and is downloaded if it is not cached.
 */
import { MODEL_LIST, getModel } from '../../models/registry';
import { preferenceTable } from '../../models/preference';
import type { ModelManifest } from '../../models/manifest';
import type { RenderingSpeed } from '../../src/request/types';
import { isRemovalPrompt } from '../../src/shared/prompt-intent';

export interface Route {
  modelId: string;
  /** Why this model serves the request; reported on the task as `model_note`. */
  note: string;
}

/** The built-in model: generated in code, always available. */
export const FALLBACK_MODEL = 'builtin-fill';

export { preferenceTable };

/** Learned fill models per speed, best first (see the table above). */
export const SPEED_PREFERENCE = preferenceTable(MODEL_LIST, false);

/** Diffusion models per speed, best first, for prompts that ask for new content. */
export const DIFFUSION_PREFERENCE = preferenceTable(MODEL_LIST, true);

export { isRemovalPrompt };

/**
 * Picks the model for a request.
 *
 * @param cached ids of learned models whose weights are all cached (available offline)
 * @throws InpaintError `model_not_found` for an unknown explicit `model`, listing the valid ids.
 * @example
 * selectModel({ prompt: '', renderingSpeed: 'DEFAULT' }, new Set(['migan'])); // { modelId: 'migan', note: … }
 */
export function selectModel(
  job: { model?: string; prompt: string; renderingSpeed: RenderingSpeed; fullHole?: boolean },
  cached: ReadonlySet<string> = new Set(),
): Route {
  if (job.model) {
    const manifest = getModel(job.model);
    const download = manifest.files.length === 0 || cached.has(manifest.id) ? '' : `, downloading its weights (${sizeOf(manifest)}) first`;
    return { modelId: manifest.id, note: `model "${manifest.id}" was requested explicitly${download}; ${promptNote(manifest)}` };
  }
  const removal = isRemovalPrompt(job.prompt);
  // A mask over the whole image leaves the fill models nothing to fill from: only generation can serve it.
  const diffusion = removal && !job.fullHole ? undefined : DIFFUSION_PREFERENCE[job.renderingSpeed].find((id) => cached.has(id));
  if (diffusion) {
    const why = job.fullHole
      ? 'the mask covers the whole image, so only a prompt-guided model can fill it, and this diffusion model is cached on this device'
      : 'the prompt asks for new content and this diffusion model is cached on this device';
    return { modelId: diffusion, note: `"${diffusion}" serves ${job.renderingSpeed}: ${why}; ${promptNote(getModel(diffusion))}` };
  }
  const removalNote = removal && job.prompt.trim() && DIFFUSION_PREFERENCE[job.renderingSpeed].some((id) => cached.has(id))
    ? ' (the prompt asks for removal, which the fill models do better than diffusion)'
    : '';
  const order = SPEED_PREFERENCE[job.renderingSpeed];
  const pick = order.find((id) => cached.has(id));
  if (pick) {
    const manifest = getModel(pick);
    const skipped = order.slice(0, order.indexOf(pick));
    const why = skipped.length ? ` (${skipped.join(', ')} preferred but not cached)` : '';
    return {
      modelId: pick,
      note: `"${pick}" serves ${job.renderingSpeed}: the best learned model for it that is cached on this device${why}${removalNote}; ${promptNote(manifest)}`,
    };
  }
  const manifest = getModel(FALLBACK_MODEL);
  return {
    modelId: manifest.id,
    note:
      `no learned model is available offline (${order.join(', ')} not cached; set "model" to download one), ` +
      `so the built-in fill model serves ${job.renderingSpeed}; ${promptNote(manifest)}`,
  };
}

function sizeOf(manifest: ModelManifest): string {
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  return `${Math.round(bytes / 1e6)} MB`;
}

function promptNote(manifest: ModelManifest): string {
  return manifest.promptGuided
    ? 'the prompt guides the generated content'
    : 'it fills the hole from its surroundings and ignores the prompt';
}
