/**
 * The sentence the editor adds to a result when the prompt asked for new
 * content ("add a red balloon") but a fill model made it, which ignores the
 * prompt: a person would otherwise take the prompt-less fill for a broken product.
 */
import { catalogModel } from '../../../models/catalog';
import { isRemovalPrompt } from '../../shared/prompt-intent';
import { modelSize } from './model-choice';

/** The prompt-guided model the note points to: the smallest and fastest. */
const PROMPT_MODEL = 'sd-turbo';

/**
 * Undefined when the prompt was used (a prompt-guided model ran) or not needed
 * (a removal prompt); else the plain sentence, ending with the next step.
 *
 * @param cachedModels ids of the models whose weights are cached (undefined when not known)
 * @example
 * promptNotUsedNote('builtin-fill', 'add a red balloon', new Set());
 * // 'The prompt was not used: Built-in fill fills the painted area from its surroundings. …download SD-Turbo (≈ 2.6 GB)…'
 */
export function promptNotUsedNote(modelId: string | undefined, prompt: string, cachedModels?: ReadonlySet<string>): string | undefined {
  const used = catalogModel(modelId);
  const guided = catalogModel(PROMPT_MODEL);
  if (!used || used.promptGuided || isRemovalPrompt(prompt) || !guided) return undefined;
  const next = cachedModels?.has(guided.id)
    ? `choose ${guided.name} in Options → Model.`
    : `prompt-guided generation needs a model that is not cached on this device: choose ${guided.name} in Options → Model to download it (${modelSize(guided)}), kept for offline use.`;
  return `The prompt was not used: ${used.name} fills the painted area from its surroundings. To follow the prompt, ${next}`;
}
