/**
 * A diffusion model's parts for one job: the tokenizer (vocab.json +
 * merges.txt) and the four ONNX sessions, each file through the weight cache
 * (download/verify progress), each session checked against its component's
 * I/O contract when it is first loaded.
 */
import type { ModelFile } from '../../../models/manifest';
import type { DiffusionComponent, DiffusionManifest } from '../../../models/sd/manifest';
import { InpaintError } from '../../../src/shared/errors';
import type { ProgressCallback } from '../../../src/shared/progress';
import type { PipelineContext } from '../../api';
import { getModelFile } from '../../cache';
import type { LoadedSession } from '../../runtime/sessions';
import { checkContract, type SessionIo } from '../learned-model';
import { ClipTokenizer } from './tokenizer';

const SHA256 = /^[0-9a-f]{64}$/i;

/** Timestep dtypes the pipeline can feed (diffusers' legacy exports use float32, optimum's int64). */
export type TimestepType = 'int64' | 'float32';

export interface DiffusionParts {
  tokenizer: ClipTokenizer;
  sessions: Record<DiffusionComponent, LoadedSession>;
  timestepType: TimestepType;
}

/**
 * Fails before any download when a file's size or hash is not recorded (the
 * manifest's `unverified` files), naming them and the way out.
 *
 * @throws InpaintError `model_integrity`
 */
export function assertVerifiedFiles(manifest: DiffusionManifest): void {
  const missing = manifest.files.filter((f) => !SHA256.test(f.sha256)).map((f) => f.name);
  if (missing.length === 0) return;
  throw new InpaintError(
    'model_integrity',
    `The sha256 of ${missing.join(', ')} for model "${manifest.id}" is not recorded in this build (it could not be read from ` +
      `the model's repository when the manifest was written), so these files cannot be verified and are not downloaded. ` +
      `Pass verified entries (url, bytes, sha256) with the client's modelFiles option.`,
    { details: { model: manifest.id, unverified: missing } },
  );
}

function fileOf(manifest: DiffusionManifest, name: string): ModelFile {
  const f = manifest.files.find((x) => x.name === name);
  if (!f) throw new InpaintError('model_integrity', `Model "${manifest.id}" has no file named "${name}".`);
  return f;
}

/**
 * Loads a model's parts for one job. File bytes are kept for the job, so a
 * WebGPU → WASM retry reuses them instead of reading the cache again.
 *
 * @example
 * const loader = diffusionLoader(manifest, onProgress);
 * const parts = await loader.load(ctx);
 */
export function diffusionLoader(manifest: DiffusionManifest, onProgress: ProgressCallback) {
  const bytes = new Map<string, Promise<Uint8Array>>();
  const read = (name: string) => {
    let p = bytes.get(name);
    if (!p) {
      p = getModelFile(fileOf(manifest, name), { modelId: manifest.id, onProgress });
      bytes.set(name, p);
      p.catch(() => bytes.delete(name));
    }
    return p;
  };
  let tokenizer: Promise<ClipTokenizer> | undefined;

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
        const file = fileOf(manifest, component);
        const key = `${manifest.id}/${component}#${file.sha256.toLowerCase()}`;
        // The text embedding feeds every UNet call: keep it on the GPU (ORT's SD-Turbo sample does the same).
        const gpuOutputs = component === 'text_encoder' ? manifest.diffusion.components.text_encoder.outputs.map((o) => o.name) : [];
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
      }
      const tok = await tokenizer;
      ctx.onProgress({ status: 'ready', model: manifest.id, backend: ctx.backend });
      return { tokenizer: tok, sessions, timestepType };
    },
  };
}
