/**
 * What every learned-model pipeline shares: the effective manifest (with the
 * caller's file overrides), its weights through the cache with progress, the
 * session through the SessionManager, and the I/O contract check on load.
 */
import type { ModelFile, ModelManifest, TensorSpec } from '../../models/manifest';
import { MODELS, getModel } from '../../models/registry';
import { InpaintError } from '../../src/shared/errors';
import type { ProgressCallback } from '../../src/shared/progress';
import { entryMatches, getModelFile, listCachedModels, parseHubUrl, type CachedModel } from '../cache';
import type { LoadedSession } from '../runtime/sessions';
import type { ModelFileOverrides, PipelineContext } from './contract';

export type { ModelFileOverrides };


/**
 * Self-hosted weights: every registered file is looked up under `baseUrl` (same
 * bytes and sha256, so integrity checks are unchanged). A single-file model's
 * file keeps the last segment of its public URL; a file that lives in a folder
 * of a Hugging Face repo (the diffusion models' `unet/model.onnx`, …) keeps
 * that path under a folder named after the model, so the four `model.onnx`
 * files of two models never collide. Explicit `overrides` win per model.
 *
 * @example
 * withModelBaseUrl(undefined, 'https://cdn.example.com/weights/').lama[0].url;
 * // 'https://cdn.example.com/weights/lama_fp32.onnx'
 * withModelBaseUrl(undefined, 'https://cdn.example.com/weights/')['sd-turbo'][3].url;
 * // 'https://cdn.example.com/weights/sd-turbo/unet/model.onnx'
 */
export function withModelBaseUrl(overrides: ModelFileOverrides | undefined, baseUrl: string | undefined): ModelFileOverrides | undefined {
  if (!baseUrl) return overrides;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const out: Record<string, readonly ModelFile[]> = {};
  for (const manifest of Object.values(MODELS)) {
    if (manifest.files.length === 0) continue;
    out[manifest.id] = manifest.files.map((f) => {
      const repoPath = parseHubUrl(f.url)?.path;
      const relative = repoPath?.includes('/') ? `${manifest.id}/${repoPath}` : new URL(f.url).pathname.split('/').pop()!;
      return { ...f, url: new URL(relative, base).href };
    });
  }
  return { ...out, ...overrides };
}

/**
 * The registry entry with its files replaced by `overrides[id]` when given.
 *
 * @example
 * effectiveManifest('lama', { lama: [{ name: 'model', url: '/weights/lama_fp32.onnx', bytes, sha256 }] });
 */
export function effectiveManifest(id: string, overrides?: ModelFileOverrides): ModelManifest {
  const manifest = getModel(id);
  const files = overrides && Object.hasOwn(overrides, id) ? overrides[id] : undefined;
  return files ? { ...manifest, files } : manifest;
}

/**
 * Ids of learned models whose every file is cached, complete and of the size and
 * hash the (effective) manifest expects (for a Hub-verified file: the size and
 * hash its entry pinned at the first download): the models available offline.
 * Reads metadata only; a corrupt entry still counts here, and is re-downloaded on load.
 *
 * @example
 * const offline = await cachedModelIds(['lama', 'migan'], job.modelFiles);
 */
export async function cachedModelIds(ids: readonly string[], overrides?: ModelFileOverrides): Promise<Set<string>> {
  const complete = new Map<string, CachedModel>();
  for (const m of await listCachedModels()) if (m.complete) complete.set(m.url, m);
  const out = new Set<string>();
  for (const id of ids) {
    const { files } = effectiveManifest(id, overrides);
    const cached = (f: ModelFile) => {
      const meta = complete.get(f.url);
      return !!meta && entryMatches(meta, { ...f, sha256: f.sha256.toLowerCase() });
    };
    if (files.length > 0 && files.every(cached)) out.add(id);
  }
  return out;
}

/** A learned model for one job: its manifest and its weights, fetched at most once per job. */
export interface LearnedModel {
  manifest: ModelManifest;
  /**
   * Session cache key: the id plus the weights' hash (or URL, for a Hub-verified
   * override whose hash is not recorded), so an override never reuses another file's session.
   */
  key: string;
  weights(): Promise<Uint8Array>;
}

/**
 * Wraps a manifest so that a WebGPU → WASM retry within one job reuses the
 * bytes instead of reading (and re-hashing) 208 MB from IndexedDB again.
 * Weights come from `getModelFile` (download/verify progress goes to `onProgress`);
 * `signal` is the job's cancel signal: it stops a download (what arrived is kept to resume).
 *
 * @example
 * const model = learnedModel(effectiveManifest('migan'), onProgress, signal);
 */
export function learnedModel(manifest: ModelManifest, onProgress: ProgressCallback, signal?: AbortSignal): LearnedModel {
  if (manifest.files.length !== 1) {
    throw new InpaintError('model_integrity', `Model ${manifest.id} must have exactly one weight file, got ${manifest.files.length}.`);
  }
  const file = manifest.files[0];
  let pending: Promise<Uint8Array> | undefined;
  return {
    manifest,
    key: `${manifest.id}#${file.sha256.toLowerCase() || file.url}`,
    weights() {
      pending ??= getModelFile(file, { modelId: manifest.id, onProgress, signal });
      // A failed fetch must not stick: the next backend attempt may retry.
      pending.catch(() => (pending = undefined));
      return pending;
    },
  };
}

/** What the contract check reads of a session (a real `ort.InferenceSession` fits). */
export interface SessionIo {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata?: readonly SessionValue[];
  outputMetadata?: readonly SessionValue[];
}
type SessionValue = { name: string; isTensor: boolean; type?: string };

/**
 * Checks a loaded session against the manifest's I/O contract: every input by
 * name and dtype, the output count and dtype (output names are taken from the
 * session, as MI-GAN's manifest says). A mismatch means the file is not the model
 * the manifest describes (e.g. a wrong self-hosted override).
 *
 * @throws InpaintError `model_integrity` naming expected vs actual.
 * @example
 * checkContract(getModel('lama'), loaded.session);
 */
export function checkContract(manifest: ModelManifest, io: SessionIo): void {
  const problems: string[] = [];
  const describe = (specs: readonly TensorSpec[]) => specs.map((t) => `${t.name}: ${t.dtype}`).join(', ');
  const actual = (names: readonly string[], meta?: readonly SessionValue[]) =>
    names.map((n) => `${n}: ${meta?.find((m) => m.name === n)?.type ?? '?'}`).join(', ');
  const typeOf = (meta: readonly SessionValue[] | undefined, name: string) => {
    const m = meta?.find((v) => v.name === name);
    return m && m.isTensor ? m.type : undefined;
  };
  for (const spec of manifest.io.inputs) {
    if (!io.inputNames.includes(spec.name)) problems.push(`input "${spec.name}" is missing`);
    else {
      const type = typeOf(io.inputMetadata, spec.name);
      if (type !== undefined && type !== spec.dtype) problems.push(`input "${spec.name}" is ${type}, expected ${spec.dtype}`);
    }
  }
  const extra = io.inputNames.filter((n) => !manifest.io.inputs.some((s) => s.name === n));
  if (extra.length) problems.push(`unexpected inputs ${extra.map((n) => `"${n}"`).join(', ')}`);
  if (io.outputNames.length !== manifest.io.outputs.length) {
    problems.push(`${io.outputNames.length} outputs, expected ${manifest.io.outputs.length}`);
  } else {
    manifest.io.outputs.forEach((spec, i) => {
      const type = typeOf(io.outputMetadata, io.outputNames[i]);
      if (type !== undefined && type !== spec.dtype) problems.push(`output "${io.outputNames[i]}" is ${type}, expected ${spec.dtype}`);
    });
  }
  if (problems.length) {
    throw new InpaintError(
      'model_integrity',
      `The loaded file for model "${manifest.id}" does not match its manifest's I/O contract: ${problems.join('; ')}. ` +
        `Expected inputs (${describe(manifest.io.inputs)}) → outputs (${describe(manifest.io.outputs)}); ` +
        `the session has inputs (${actual(io.inputNames, io.inputMetadata)}) → outputs (${actual(io.outputNames, io.outputMetadata)}).`,
      { details: { model: manifest.id, problems } },
    );
  }
}

/**
 * Loads (or reuses) the model's session on `ctx.backend` and checks its contract.
 * Emits `initiate`, the cache's `download`/`verify` on a first load, then `ready`.
 *
 * @example
 * const loaded = await loadLearnedSession(model, ctx);
 */
export async function loadLearnedSession(model: LearnedModel, ctx: PipelineContext): Promise<LoadedSession> {
  ctx.onProgress({ status: 'initiate', model: model.manifest.id });
  const loaded = await ctx.sessions.load(model.key, ctx.backend, () => model.weights());
  checkContract(model.manifest, loaded.session as unknown as SessionIo);
  ctx.onProgress({ status: 'ready', model: model.manifest.id, backend: ctx.backend });
  return loaded;
}
