/**
 * A diffusion model's parts for one job: the tokenizer (vocab.json +
 * merges.txt) and the four ONNX sessions, each file through the weight cache
 * (download/verify progress), each session checked against its component's
 * I/O contract when it is first loaded. Files marked `verifyFrom: 'hub'` get
 * their exact size and sha256 from the Hugging Face Hub at the first download
 * (workers/cache/hub.ts); sessions are keyed by that pinned hash.
 */
import type { ModelFile } from '../../../models/manifest';
import type { DiffusionComponent, DiffusionManifest } from '../../../models/sd/manifest';
import { InpaintError } from '../../../src/shared/errors';
import type { ProgressCallback } from '../../../src/shared/progress';
import type { PipelineContext } from '../contract';
import { getModelFile, isSha256Hex, parseHubUrl, verifiedSha256 } from '../../cache';
import type { LoadedSession } from '../../runtime/sessions';
import { checkContract, type SessionIo } from '../learned-model';
import { ClipTokenizer } from './tokenizer';

/** Timestep dtypes the pipeline can feed (diffusers' legacy exports use float32, optimum's int64). */
export type TimestepType = 'int64' | 'float32';

export interface DiffusionParts {
  tokenizer: ClipTokenizer;
  sessions: Record<DiffusionComponent, LoadedSession>;
  timestepType: TimestepType;
}

/** Whether a file's size and hash are read from the Hub at its first download (no sha256, a Hub source). */
function fromHub(f: ModelFile): boolean {
  return !hasSha256(f) && f.verifyFrom === 'hub' && parseHubUrl(f.url) !== undefined;
}

/** Whether the entry records its sha256 (hex of either case, as `checkModelFile` accepts). */
function hasSha256(f: ModelFile): boolean {
  return typeof f.sha256 === 'string' && isSha256Hex(f.sha256.toLowerCase());
}

/**
 * Fails before any download when a file can be verified neither by a recorded
 * sha256 nor from the Hugging Face Hub's metadata (`verifyFrom: 'hub'` on a Hub
 * resolve URL), naming the files and the way out. Typical case: a `modelFiles`
 * or `modelBaseUrl` copy of the Hub-verified files on another host, which keeps
 * the empty sha256 but has no Hub to ask.
 *
 * @throws InpaintError `model_integrity`
 * @example
 * assertVerifiedFiles(getModel('sd-turbo') as DiffusionManifest); // passes: every file is Hub-verified
 */
export function assertVerifiedFiles(manifest: DiffusionManifest): void {
  const missing = manifest.files.filter((f) => !hasSha256(f) && !fromHub(f)).map((f) => f.name);
  if (missing.length === 0) return;
  throw new InpaintError(
    'model_integrity',
    `The sha256 of ${missing.join(', ')} for model "${manifest.id}" is neither recorded nor readable from the Hugging Face Hub ` +
      `(an entry with an empty sha256 needs verifyFrom: 'hub' and a https://<host>/<owner>/<name>/resolve/<revision>/<path> URL), ` +
      `so these files cannot be verified and are not downloaded. Pass entries with their sha256 (url, bytes, sha256) ` +
      `with the client's modelFiles option, or the Hub URLs.`,
    { details: { model: manifest.id, unverified: missing } },
  );
}

/**
 * The part of the task's note that says which files were verified against the
 * Hub's metadata (read at their first download) rather than hashes in this
 * build; '' when none.
 *
 * @example
 * hubVerifiedNote(getModel('sd-turbo') as DiffusionManifest);
 * // "; vocab, merges, … verified against the size and sha256 read from the Hugging Face Hub's metadata …"
 */
export function hubVerifiedNote(manifest: DiffusionManifest): string {
  const names = manifest.files.filter(fromHub).map((f) => f.name);
  if (names.length === 0) return '';
  return `; ${names.join(', ')} verified against the size and sha256 read from the Hugging Face Hub's metadata at their first download (not pinned in this build)`;
}

function fileOf(manifest: DiffusionManifest, name: string): ModelFile {
  const f = manifest.files.find((x) => x.name === name);
  if (!f) throw new InpaintError('model_integrity', `Model "${manifest.id}" has no file named "${name}".`);
  return f;
}

/**
 * Loads a model's parts for one job. A file's bytes are dropped as soon as its
 * session is created: the session holds the weights, and keeping ≈ 2.4 GB of
 * SD files in the JS heap through the denoise loop would buy only a faster
 * WASM retry, which the published fp16 files cannot use anyway (the memory
 * check refuses them there). A retry reads the file from the cache again.
 *
 * Sessions are keyed by the file's sha256, so another file never reuses them.
 * A Hub-verified file's sha256 is known only once it is cached: it is read from
 * the cache's metadata (no bytes), and for a file not cached yet the file is
 * downloaded first and its pinned hash read then.
 *
 * @example
 * const loader = diffusionLoader(manifest, onProgress, signal);
 * const parts = await loader.load(ctx);
 */
export function diffusionLoader(manifest: DiffusionManifest, onProgress: ProgressCallback, signal?: AbortSignal) {
  const bytes = new Map<string, Promise<Uint8Array>>();
  const fileProgress = overallDownload(manifest, onProgress);
  const read = (name: string) => {
    let p = bytes.get(name);
    if (!p) {
      p = getModelFile(fileOf(manifest, name), { modelId: manifest.id, onProgress: fileProgress(name), signal });
      bytes.set(name, p);
      p.catch(() => bytes.delete(name));
    }
    return p;
  };
  let tokenizer: Promise<ClipTokenizer> | undefined;
  const sessionKey = async (component: DiffusionComponent): Promise<string> => {
    const file = fileOf(manifest, component);
    let sha256 = await verifiedSha256(file);
    if (sha256 === undefined) {
      await read(component);
      sha256 = await verifiedSha256(file);
    }
    // `url` only if the cache lost the entry right after serving it: still one key per file.
    return `${manifest.id}/${component}#${sha256 ?? file.url}`;
  };

  return {
    async load(ctx: PipelineContext): Promise<DiffusionParts> {
      ctx.onProgress({ status: 'initiate', model: manifest.id });
      tokenizer ??= (async () => {
        const text = (name: string) => read(name).then((b) => new TextDecoder().decode(b));
        const [vocab, merges] = await Promise.all([text('vocab'), text('merges')]);
        return new ClipTokenizer(JSON.parse(vocab) as Record<string, number>, merges, manifest.diffusion.pad);
      })();
      tokenizer.catch(() => (tokenizer = undefined));
      const sessions = {} as Record<DiffusionComponent, LoadedSession>;
      let timestepType: TimestepType = 'int64';
      for (const component of Object.keys(manifest.diffusion.components) as DiffusionComponent[]) {
        const key = await sessionKey(component);
        // On WebGPU every output stays on the GPU (the text embedding for every UNet call, the image latents,
        // each ε, the decoded planes): only the packed decoded image is read back (latent-ops.ts).
        const gpuOutputs = manifest.diffusion.components[component].outputs.map((o) => o.name);
        const loaded = await ctx.sessions.load(key, ctx.backend, () => read(component), { gpuOutputs });
        const io = manifest.diffusion.components[component];
        const session = loaded.session as unknown as SessionIo;
        let inputs = io.inputs;
        if (component === 'unet') {
          const declared = session.inputMetadata?.find((m) => m.name === 'timestep')?.type;
          if (declared === 'float32') timestepType = 'float32';
          inputs = io.inputs.map((s) => (s.name === 'timestep' ? { ...s, dtype: timestepType } : s));
        }
        checkContract({ ...manifest, id: `${manifest.id}/${component}`, io: { ...io, inputs } }, session);
        sessions[component] = loaded;
        bytes.delete(component);
      }
      const tok = await tokenizer;
      ctx.onProgress({ status: 'ready', model: manifest.id, backend: ctx.backend });
      return { tokenizer: tok, sessions, timestepType };
    },
  };
}

/**
 * Per-file progress callbacks that add `overall` to each download event: the
 * bytes over all the model's files (a file not started yet counts with the
 * manifest's size, an estimate for a Hub-verified file; a cached file counts as
 * loaded once verified), so one bar can cover a six-file, 2.6 GB download.
 */
export function overallDownload(manifest: Pick<DiffusionManifest, 'files'>, onProgress: ProgressCallback): (name: string) => ProgressCallback {
  const files = new Map(manifest.files.map((f) => [f.name, { loaded: 0, total: f.bytes }]));
  return (name) => (p) => {
    const mine = files.get(name);
    if (!mine) return onProgress(p);
    if (p.status === 'verify') mine.loaded = mine.total;
    if (p.status !== 'download') return onProgress(p);
    mine.loaded = p.loaded;
    mine.total = p.total;
    let loaded = 0;
    let total = 0;
    for (const f of files.values()) {
      loaded += f.loaded;
      total += f.total;
    }
    onProgress({ ...p, overall: { loaded, total } });
  };
}
