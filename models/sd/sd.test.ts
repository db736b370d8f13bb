import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import {
  SD_TWIN_HIDDEN,
  buildTextEncoderTwin,
  buildTwinMerges,
  buildTwinVocab,
  buildUnetTwin,
  buildVaeDecoderTwin,
  buildVaeEncoderTwin,
} from '../build/sd-twin';
import { getModel } from '../registry';
import { DIFFUSION_COMPONENTS, SD15_INPAINT_MANIFEST, SD_TURBO_MANIFEST, isDiffusionManifest } from './manifest';

ort.env.wasm.numThreads = 1;

describe('diffusion manifests', () => {
  it('register SD-Turbo and SD-1.5 inpainting with the diffusers ONNX conventions', () => {
    for (const m of [SD_TURBO_MANIFEST, SD15_INPAINT_MANIFEST]) {
      expect(getModel(m.id)).toBe(m);
      expect(isDiffusionManifest(m)).toBe(true);
      expect(m.promptGuided).toBe(true);
      expect(m.files.map((f) => f.name)).toEqual(['vocab', 'merges', 'text_encoder', 'unet', 'vae_encoder', 'vae_decoder']);
      const c = m.diffusion.components;
      expect(Object.keys(c)).toEqual([...DIFFUSION_COMPONENTS]);
      expect(c.text_encoder.inputs.map((t) => [t.name, t.dtype])).toEqual([['input_ids', 'int32']]);
      expect(c.text_encoder.outputs.map((t) => t.name)).toEqual(['last_hidden_state']);
      expect(c.unet.inputs.map((t) => t.name)).toEqual(['sample', 'timestep', 'encoder_hidden_states']);
      expect(c.unet.outputs.map((t) => t.name)).toEqual(['out_sample']);
      expect([c.vae_encoder.inputs[0].name, c.vae_encoder.outputs[0].name]).toEqual(['sample', 'latent_sample']);
      expect([c.vae_decoder.inputs[0].name, c.vae_decoder.outputs[0].name]).toEqual(['latent_sample', 'sample']);
      expect(m.diffusion.latentScale).toBe(0.18215);
    }
    expect(SD_TURBO_MANIFEST.files.find((f) => f.name === 'unet')?.url).toBe(
      'https://huggingface.co/schmuell/sd-turbo-ort-web/resolve/main/unet/model.onnx',
    );
    expect(SD_TURBO_MANIFEST.diffusion.pad).toEqual({ id: 0 });
    expect(SD15_INPAINT_MANIFEST.diffusion.pad).toBe('eos');
    expect(SD15_INPAINT_MANIFEST.diffusion.components.unet.inputs[0].shape[1]).toBe(9);
    expect(SD15_INPAINT_MANIFEST.diffusion.guidance).toBe(true);
    expect(SD_TURBO_MANIFEST.diffusion.guidance).toBe(false);
    expect(SD_TURBO_MANIFEST.diffusion.licenceNote).toMatch(/Non-Commercial/);
  });

  it("reads every file's exact size and hash from the Hub (none is pinned in the build): empty sha256, a resolve URL, a rounded estimate", () => {
    // https://<host>/<owner>/<name>/resolve/<revision>/<path>: what workers/cache/hub.ts maps to the tree API.
    const RESOLVE = /^https:\/\/huggingface\.co\/[\w.-]+\/[\w.-]+\/resolve\/main\/(tokenizer\/(vocab\.json|merges\.txt)|(text_encoder|unet|vae_encoder|vae_decoder)\/model\.onnx)$/;
    for (const m of [SD_TURBO_MANIFEST, SD15_INPAINT_MANIFEST]) {
      for (const f of m.files) {
        expect([f.name, f.sha256, f.verifyFrom]).toEqual([f.name, '', 'hub']);
        expect(f.url).toMatch(RESOLVE);
        // An estimate: rounded to three significant digits.
        expect(Number(f.bytes.toPrecision(3))).toBe(f.bytes);
      }
      expect('unverified' in m.diffusion).toBe(false);
    }
  });
});

describe('diffusion twins run in Node with the diffusers names', () => {
  const run = async (bytes: Uint8Array, feeds: Record<string, ort.Tensor>) => {
    const s = await ort.InferenceSession.create(bytes);
    const out = await s.run(feeds);
    await s.release();
    return out;
  };

  it('tokenizer files parse; the text encoder gathers one row per id', async () => {
    const vocab = JSON.parse(new TextDecoder().decode(buildTwinVocab())) as Record<string, number>;
    expect([vocab['!'], vocab.a, vocab['z</w>'], vocab['<|startoftext|>'], vocab['<|endoftext|>']]).toEqual([0, 1, 52, 53, 54]);
    expect(new TextDecoder().decode(buildTwinMerges())).toBe('#version: 0.2\n');
    const ids = new Int32Array(77).fill(54);
    ids[0] = 53;
    const { last_hidden_state: h } = await run(buildTextEncoderTwin(), { input_ids: new ort.Tensor('int32', ids, [1, 77]) });
    expect(h.dims).toEqual([1, 77, SD_TWIN_HIDDEN]);
    const data = h.data as Float32Array;
    expect(data[0]).toBe((((53 * 7) % 17) - 8) / 8);
    expect(data[SD_TWIN_HIDDEN]).toBe((((54 * 7) % 17) - 8) / 8);
  });

  it('UNet twins: 4 and 9 channels in, 4 out; VAE round trip keeps an 8×8-flat image', async () => {
    const ehs = new ort.Tensor('float32', new Float32Array(77 * SD_TWIN_HIDDEN), [1, 77, SD_TWIN_HIDDEN]);
    const t = new ort.Tensor('int64', BigInt64Array.from([999n]), [1]);
    const four = await run(buildUnetTwin(4), { sample: new ort.Tensor('float32', new Float32Array(4 * 4).fill(2), [1, 4, 2, 2]), timestep: t, encoder_hidden_states: ehs });
    expect(four.out_sample.dims).toEqual([1, 4, 2, 2]);
    expect((four.out_sample.data as Float32Array)[0]).toBeCloseTo(1 + 0.0999, 6);
    const nine = await run(buildUnetTwin(9), { sample: new ort.Tensor('float32', new Float32Array(9 * 4).fill(1), [1, 9, 2, 2]), timestep: t, encoder_hidden_states: ehs });
    expect(nine.out_sample.dims).toEqual([1, 4, 2, 2]);
    expect((nine.out_sample.data as Float32Array)[0]).toBeCloseTo(0.5 + 0.0999 + 0.25, 6);

    const img = new Float32Array(3 * 16 * 16);
    for (let c = 0; c < 3; c++) for (let i = 0; i < 256; i++) img[c * 256 + i] = (c - 1) * 0.5 + (i % 16 < 8 ? 0.25 : -0.25);
    const { latent_sample: z } = await run(buildVaeEncoderTwin(), { sample: new ort.Tensor('float32', img, [1, 3, 16, 16]) });
    expect(z.dims).toEqual([1, 4, 2, 2]);
    const { sample: back } = await run(buildVaeDecoderTwin(), { latent_sample: z });
    expect(back.dims).toEqual([1, 3, 16, 16]);
    [...(back.data as Float32Array)].forEach((v, i) => expect(v).toBeCloseTo(img[i], 6));
  });
});
