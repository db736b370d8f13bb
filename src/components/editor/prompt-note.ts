/**
 * The sentence the editor adds to a result when the prompt asked for new
 * content ("add a red balloon") but a fill model made it, which ignores the
 * prompt: a person would otherwise take the prompt-less fill for a broken product.
 * The next step follows from the device check: download SD-Turbo (the editor
 * shows the one-click offer with it), or this device cannot run the
 * prompt-guided models, and why.
 */
import { catalogModel } from '../../../models/catalog';
import type { DeviceSupport } from '../../shared/device-support';
import { isRemovalPrompt } from '../../shared/prompt-intent';
import { modelSize } from './model-choice';

/** The prompt-guided models the editor offers, best first for a first download (the smallest and fastest). */
export const PROMPT_MODELS: readonly string[] = ['sd-turbo'];

/** Whether the device check says `id` runs here: `true`/`false`, or undefined while not known. */
export function runsHere(support: DeviceSupport | undefined, id: string): boolean | undefined {
  return support?.models.find((m) => m.model === id)?.runnable;
}

/**
 * Undefined when the prompt was used (a prompt-guided model ran) or not needed
 * (a removal prompt); else the plain sentence, ending with the next step.
 *
 * @param cachedModels ids of the models whose weights are cached (undefined when not known)
 * @param support the device check (undefined when not known: the download is then named with where to find it)
 * @example
 * promptNotUsedNote('builtin-fill', 'add a red balloon', new Set(), support);
 * // 'The prompt was not used: Built-in fill fills the painted area from its surroundings. Prompt-guided generation needs a model that is not cached: download SD-Turbo (≈ 2.6 GB).'
 * // or '… from its surroundings, and this device cannot run the prompt-guided models: needs a graphics card with 16-bit float support.'
 */
export function promptNotUsedNote(
  modelId: string | undefined,
  prompt: string,
  cachedModels?: ReadonlySet<string>,
  support?: DeviceSupport,
): string | undefined {
  const used = catalogModel(modelId);
  const guided = catalogModel(PROMPT_MODELS[0]);
  if (!used || used.promptGuided || isRemovalPrompt(prompt) || !guided) return undefined;
  const head = `The prompt was not used: ${used.name} fills the painted area from its surroundings`;
  if (cachedModels?.has(guided.id)) return `${head}. To follow the prompt, choose ${guided.name} in Options → Model.`;
  if (support) {
    const prompted = support.models.filter((m) => catalogModel(m.model)?.promptGuided);
    if (prompted.length && prompted.every((m) => !m.runnable)) {
      return `${head}, and this device cannot run the prompt-guided models: ${(support.models.find((m) => m.model === guided.id) ?? prompted[0]).reason}.`;
    }
    if (runsHere(support, guided.id)) return `${head}. Prompt-guided generation needs a model that is not cached: download ${guided.name} (${modelSize(guided)}).`;
  }
  return `${head}. To follow the prompt, prompt-guided generation needs a model that is not cached on this device: choose ${guided.name} in Options → Model to download it (${modelSize(guided)}), kept for offline use.`;
}
