import { getModel } from '../../models/registry';
import type { RenderingSpeed } from '../../src/request/types';

export interface Route {
  modelId: string;
  /** Why this model serves the request; reported on the task as `model_note`. */
  note: string;
}

/**
 * Picks the model for a request. Today only the built-in fill model exists; an
 * explicit `model` must name a registered one (else `model_not_found`, listing
 * the valid ids).
 */
export function selectModel(job: { model?: string; prompt: string; renderingSpeed: RenderingSpeed }): Route {
  if (job.model) {
    const manifest = getModel(job.model);
    return { modelId: manifest.id, note: `model "${manifest.id}" was requested explicitly; ${promptNote(manifest.promptGuided)}` };
  }
  const manifest = getModel('builtin-fill');
  return {
    modelId: manifest.id,
    note: `no learned model is available offline, so the built-in fill model serves ${job.renderingSpeed}; ${promptNote(manifest.promptGuided)}`,
  };
}

function promptNote(promptGuided: boolean): string {
  return promptGuided
    ? 'the prompt guides the generated content'
    : 'it fills the hole from its surroundings and ignores the prompt';
}
