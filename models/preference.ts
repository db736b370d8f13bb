/**
 * The routing order the manifests' `serves` ranks give: per speed, the models
 * with weight files of one kind, best first. Pure data over the registry, so the
 * worker's router (workers/pipelines/route.ts) and the editor's offer
 * (src/components/editor/offer.ts) read the same order.
 */
import type { ModelManifest } from './manifest';
import type { RenderingSpeed } from '../src/request/types';

/**
 * Per speed, the registered models with weight files of one kind (fill or
 * prompt-guided) whose manifest `serves` that speed, by rank (1 first).
 */
export function preferenceTable(models: readonly ModelManifest[], promptGuided: boolean): Readonly<Record<RenderingSpeed, readonly string[]>> {
  const pool = models.filter((m) => m.files.length > 0 && m.promptGuided === promptGuided);
  const order = (speed: RenderingSpeed) =>
    pool
      .filter((m) => m.serves[speed] !== undefined)
      .sort((a, b) => a.serves[speed]! - b.serves[speed]!)
      .map((m) => m.id);
  return { TURBO: order('TURBO'), DEFAULT: order('DEFAULT'), QUALITY: order('QUALITY') };
}

