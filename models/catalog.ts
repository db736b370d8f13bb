/**
 * Every registered model as a few plain facts for a UI (the editor's model
 * picker and licence notes): name, download size, licence, whether the prompt
 * matters. Not models/registry: the built-in fill's manifest imports its graph
 * generator and protobufjs (~90 kB in the page bundle), so this reads the
 * manifest modules that are pure data and the built-in fill's ./builtin/info.ts.
 * models/catalog.test.ts checks it against the registry, so the two cannot drift.
 */
import { BUILTIN_FILL_INFO } from './builtin/info';
import { LAMA_MANIFEST } from './lama/manifest';
import type { ModelFile, ModelManifest } from './manifest';
import { MIGAN_MANIFEST } from './migan/manifest';
import { SD15_INPAINT_MANIFEST, SD_TURBO_MANIFEST } from './sd/manifest';

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

type Described = Pick<ModelManifest, 'id' | 'family' | 'license' | 'description' | 'promptGuided'> & {
  readonly files: readonly ModelFile[];
  readonly diffusion?: { readonly licenceNote: string };
};

function entry(name: string, m: Described): CatalogModel {
  return {
    id: m.id,
    name,
    family: m.family,
    license: m.license,
    ...(m.diffusion ? { licenceNote: m.diffusion.licenceNote } : {}),
    promptGuided: m.promptGuided,
    description: m.description,
    files: m.files.length,
    bytes: m.files.reduce((sum, f) => sum + f.bytes, 0),
    bytesEstimated: m.files.some((f) => f.verifyFrom === 'hub' && !f.sha256),
  };
}

/** The registered models, in the registry's order. */
export const MODEL_CATALOG: readonly CatalogModel[] = Object.freeze([
  entry('Built-in fill', BUILTIN_FILL_INFO),
  entry('MI-GAN', MIGAN_MANIFEST),
  entry('LaMa', LAMA_MANIFEST),
  entry('SD-Turbo', SD_TURBO_MANIFEST),
  entry('SD-1.5 inpainting', SD15_INPAINT_MANIFEST),
]);

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
