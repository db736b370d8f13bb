/**
 * Every registered model as a few plain facts for a UI (the editor's model
 * picker and licence notes): name, download size, licence, whether the prompt
 * matters. Derived from the registry's MODEL_LIST, whose manifests are pure data
 * (models/catalog.test.ts checks that this module loads no graph generator).
 */
import type { ModelManifest } from './manifest';
import { MODEL_LIST } from './registry';
import { isDiffusionManifest } from './sd/manifest';

/** One model as a UI shows it. */
export interface CatalogModel {
  /** The registry id (the request's `model`). */
  readonly id: string;
  /** Short display name, e.g. `'SD-Turbo'`. */
  readonly name: string;
  readonly family: string;
  /** SPDX expression of the weights, as in the manifest. */
  readonly license: string;
  /** The note the UI must show next to the model (SD-Turbo: non-commercial), if any. */
  readonly licenceNote?: string;
  readonly promptGuided: boolean;
  readonly description: string;
  /** Weight files to download; 0 for a model generated in code. */
  readonly files: number;
  /** Sum of the files' bytes: what a first use downloads (0 when generated in code). */
  readonly bytes: number;
  /** True when some file's size is only an estimate until its first download (`verifyFrom: 'hub'`, no sha256). */
  readonly bytesEstimated: boolean;
}

function entry(m: ModelManifest): CatalogModel {
  return {
    id: m.id,
    name: m.name,
    family: m.family,
    license: m.license,
    ...(isDiffusionManifest(m) ? { licenceNote: m.diffusion.licenceNote } : {}),
    promptGuided: m.promptGuided,
    description: m.description,
    files: m.files.length,
    bytes: m.files.reduce((sum, f) => sum + f.bytes, 0),
    bytesEstimated: m.files.some((f) => f.verifyFrom === 'hub' && !f.sha256),
  };
}

/** The registered models, in the registry's order. */
export const MODEL_CATALOG: readonly CatalogModel[] = Object.freeze(MODEL_LIST.map(entry));

const BY_ID: ReadonlyMap<string, CatalogModel> = new Map(MODEL_CATALOG.map((m) => [m.id, m]));

/**
 * A model's catalog entry, or undefined for an id that is not registered.
 *
 * @example
 * catalogModel('sd-turbo')?.name; // 'SD-Turbo'
 * catalogModel('lama')?.bytes;    // 208044816
 */
export function catalogModel(id: string | undefined): CatalogModel | undefined {
  return id ? BY_ID.get(id) : undefined;
}
