/**
 * The published diffusion manifests' Hub verification end to end: `sd-turbo`'s
 * six files keep `sha256: ''` and `verifyFrom: 'hub'`, only their host changes
 * to the model server's Hub layout (test/servers/hub-layout.ts, the generated
 * twins at the same repository paths). Through the real client, worker, weight
 * cache, tree API and ORT sessions, on WASM.
 *
 * Opt-in at the bottom: the real SD-Turbo files, from a local clone given by
 * `LOCAL_INPAINT_SD_TURBO_DIR` (or a Hub base URL in `LOCAL_INPAINT_SD_TURBO_URL`).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ModelFile } from '../../../models/manifest';
import { SD_TWIN_FILES } from '../../../models/build/sd-twin';
import { SD_TURBO_MANIFEST } from '../../../models/sd/manifest';
import { InpaintClient } from '../../../src/client/inpaint-client';
import { makeMask, makePhoto, type Hole } from '../../../test/fixtures/images';
import { MODEL_SERVER, runTask } from '../test-utils';
import { checkOutput, inputs } from './test-utils';

const HUB_NOTE = "verified against the size and sha256 read from the Hugging Face Hub's metadata at their first download (not pinned in this build)";

/** The twin served at each sd-turbo file's repository path (test/servers/hub-layout.ts). */
const TWIN_OF: Readonly<Record<string, string>> = {
  vocab: 'sd-vocab.json',
  merges: 'sd-merges.txt',
  text_encoder: 'sd-text-encoder.onnx',
  unet: 'sd-unet4.onnx',
  vae_encoder: 'sd-vae-encoder.onnx',
  vae_decoder: 'sd-vae-decoder.onnx',
};

/**
 * The published sd-turbo entries (`sha256: ''`, `verifyFrom: 'hub'`) with their
 * `https://huggingface.co/<owner>/<name>/resolve/main` swapped for `base`, and
 * their size estimate set to the twin's: the real files' 2.6 GB estimate would
 * (rightly) fail the up-front memory check on WASM before any request.
 */
function publishedAt(base: string, estimates: 'twins' | 'published' = 'twins'): ModelFile[] {
  return SD_TURBO_MANIFEST.files.map((f) => ({
    ...f,
    url: f.url.replace(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main/, base),
    bytes: estimates === 'twins' ? SD_TWIN_FILES[TWIN_OF[f.name]]().length : f.bytes,
  }));
}

async function repoLog(repo: string): Promise<{ path: string; status: number }[]> {
  return (await (await fetch(`${MODEL_SERVER}/__log?repo=${encodeURIComponent(repo)}`)).json()) as { path: string; status: number }[];
}

describe('sd-turbo with Hub-verified files (WASM)', () => {
  const repo = `twins/sd-turbo-${crypto.randomUUID()}`;
  const files = publishedAt(`${MODEL_SERVER}/${repo}/resolve/main`);
  const clients: InpaintClient[] = [];
  const client = (modelFiles: ModelFile[] = files) => {
    const c = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: { 'sd-turbo': modelFiles } });
    clients.push(c);
    return c;
  };
  let first: InpaintClient;
  beforeAll(() => {
    first = client();
  });
  afterAll(() => clients.forEach((c) => c.dispose()));

  it('completes with sha256 "" and verifyFrom "hub": sizes and hashes from the tree API, a note that says so, exact outside the hole', async () => {
    expect(files.map((f) => [f.sha256, f.verifyFrom])).toEqual(files.map(() => ['', 'hub']));
    const { image, mask } = await inputs();
    const { done, events } = await runTask(first, { image, mask, prompt: 'a red car', model: 'sd-turbo', rendering_speed: 'TURBO', seed: 7 });
    expect(done.data.model).toBe('sd-turbo');
    expect(done.data.model_note).toContain('sd-turbo ran 1 euler-trailing step × 1 image (1 UNet evaluations)');
    expect(done.data.model_note).toContain(`vocab, merges, text_encoder, unet, vae_encoder, vae_decoder ${HUB_NOTE}`);
    await checkOutput(image, done.data.generated[0]);
    // Download totals are the twins' real sizes from the Hub, not the manifest's estimates (1.73 GB for the UNet).
    const totals = events.flatMap((e) => (e.status === 'download' ? [e.total] : []));
    expect(Math.max(...totals)).toBeLessThan(1_000_000);
    const log = await repoLog(repo);
    const fileRequests = log.filter((r) => !r.path.startsWith('/api/')).map((r) => r.path.slice(`/${repo}/resolve/main/`.length));
    expect(fileRequests.sort()).toEqual(['text_encoder/model.onnx', 'tokenizer/merges.txt', 'tokenizer/vocab.json', 'unet/model.onnx', 'vae_decoder/model.onnx', 'vae_encoder/model.onnx']);
    const apiDirs = new Set(log.filter((r) => r.path.startsWith('/api/')).map((r) => r.path.slice(r.path.lastIndexOf('/') + 1)));
    expect(apiDirs).toEqual(new Set(['tokenizer', 'text_encoder', 'unet', 'vae_encoder', 'vae_decoder']));
    expect(log.every((r) => r.status === 200)).toBe(true);
  });

  it('once cached, a new worker runs it with no request to the server at all, and routes content prompts to it', async () => {
    const before = (await repoLog(repo)).length;
    const fresh = client();
    const { image, mask } = await inputs();
    const explicit = (await runTask(fresh, { image, mask, prompt: 'a bench', model: 'sd-turbo', rendering_speed: 'TURBO', seed: 7 })).done;
    expect(explicit.data.model_note).toContain(HUB_NOTE);
    await checkOutput(image, explicit.data.generated[0]);
    // The cached Hub-verified files count as cached for routing.
    const routed = (await runTask(fresh, { image, mask, prompt: 'a red car', rendering_speed: 'TURBO', seed: 8 })).done;
    expect(routed.data.model).toBe('sd-turbo');
    expect(await repoLog(repo)).toHaveLength(before);
  });

  it('refuses, before any request, a Hub-verified copy moved to a host path that is not a Hub resolve URL', async () => {
    // Served (and logged) by the model server, were they ever requested.
    const dir = `/model/moved-${crypto.randomUUID()}-`;
    const moved = SD_TURBO_MANIFEST.files.map((f) => ({ ...f, url: `${MODEL_SERVER}${dir}${f.name}.bin?size=1000&seed=1` }));
    const { image, mask } = await inputs();
    const c = client(moved);
    const done = await c.wait((await c.submit({ image, mask, prompt: 'a car', model: 'sd-turbo' })).data.task_id);
    expect(done.data.status).toBe('FAILED');
    expect(done.data.error?.code).toBe('model_integrity');
    expect(done.data.error?.message).toMatch(
      /^The sha256 of vocab, merges, text_encoder, unet, vae_encoder, vae_decoder for model "sd-turbo" is neither recorded nor readable from the Hugging Face Hub/,
    );
    const all = (await (await fetch(`${MODEL_SERVER}/__log`)).json()) as { path: string }[];
    expect(all.filter((r) => r.path.startsWith(dir))).toEqual([]);
  });

  it('fails with model_fetch, naming the tree API URL, when the Hub cannot answer', async () => {
    const down = `twins/sd-turbo-down-${crypto.randomUUID()}`;
    await fetch(`${MODEL_SERVER}/__hub?repo=${encodeURIComponent(down)}&apiStatus=503`);
    const { image, mask } = await inputs();
    const c = client(publishedAt(`${MODEL_SERVER}/${down}/resolve/main`));
    const done = await c.wait((await c.submit({ image, mask, prompt: 'a car', model: 'sd-turbo' })).data.task_id);
    expect(done.data.status).toBe('FAILED');
    expect(done.data.error?.code).toBe('model_fetch');
    // The tokenizer and the text encoder are looked up concurrently: either may fail first.
    const api = `${MODEL_SERVER}/api/models/${down}/tree/main/`;
    expect(done.data.error?.message).toMatch(/^Could not read the Hugging Face Hub's metadata for /);
    expect([`${api}tokenizer: HTTP 503`, `${api}text_encoder: HTTP 503`].some((m) => done.data.error?.message.includes(m)), done.data.error?.message).toBe(true);
    expect((await repoLog(down)).every((r) => r.path.startsWith('/api/'))).toBe(true);
  });
});

const REAL_BASE = inject('realModels')['sd-turbo'];
const REAL_REASON =
  'skipped: set LOCAL_INPAINT_SD_TURBO_DIR=/path/to/a clone of schmuell/sd-turbo-ort-web (tokenizer/, text_encoder/, unet/, ' +
  'vae_encoder/, vae_decoder/; served in the Hub layout) or LOCAL_INPAINT_SD_TURBO_URL=https://huggingface.co/schmuell/sd-turbo-ort-web/resolve/main to run';

describe('real SD-Turbo weights, Hub-verified (opt-in)', () => {
  it(`inpaints with the real six files, verified against the Hub's metadata${REAL_BASE ? '' : ` (${REAL_REASON})`}`, { timeout: 600_000 }, async (ctx) => {
    ctx.skip(!REAL_BASE, REAL_REASON);
    const c = new InpaintClient({ persist: false, modelFiles: { 'sd-turbo': publishedAt(REAL_BASE!, 'published') } });
    try {
      const hole: Hole = { x: 192, y: 192, width: 128, height: 128 };
      const image = await makePhoto(512, 512);
      const mask = await makeMask(512, 512, [hole]);
      const done = await c.wait((await c.submit({ image, mask, prompt: 'a red apple', model: 'sd-turbo', rendering_speed: 'TURBO' })).data.task_id);
      expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
      expect(done.data.model_note).toContain(HUB_NOTE);
      await checkOutput(image, done.data.generated[0], 512, 512, hole);
    } finally {
      c.dispose();
    }
  });
});
