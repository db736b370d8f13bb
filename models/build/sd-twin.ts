/**
 * Test twins of the diffusion components (float32; fp16 on the JSEP WebGPU
 * build returns wrong numbers silently on SwiftShader), with the diffusers
 * ONNX names, dtypes and dimension conventions, a few ops each and no real
 * weights. Deterministic: the same bytes every build.
 *
 * - tokenizer: `vocab.json` = '!' 0, 'a'..'z' 1..26, 'a</w>'..'z</w>' 27..52,
 *   start 53, end 54; `merges.txt` has no merges (every letter is a token).
 * - text encoder: `input_ids` int32 [1,77] → `last_hidden_state` float32
 *   [1,77,16] = a fixed table row per id (Gather), so the prompt matters.
 * - UNet: `sample` [1,C,h,w] (C = 4, or 9 = latents + mask + masked-image
 *   latents), `timestep` int64 [1], `encoder_hidden_states` [1,77,16] →
 *   `out_sample` [1,4,h,w] = 0.5·latents + P·mean_tokens(ehs) + t/10000
 *   (+ 0.25·mask·masked latents for C = 9). P is a fixed 16×4 matrix.
 * - VAE encoder: `sample` [1,3,H,W] → `latent_sample` [1,4,H/8,W/8] =
 *   8×8 average of R, G, B, and their mean.
 * - VAE decoder: `latent_sample` [1,4,h,w] → `sample` [1,3,8h,8w] = the
 *   first three latent channels, nearest-upsampled ×8, clipped to [-1, 1].
 */
import { GraphBuilder } from './onnx';
import type { ModelFile } from '../manifest';

export const SD_TWIN_HIDDEN = 16;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The twin tokenizer's `vocab.json` (bytes). */
export function buildTwinVocab(): Uint8Array {
  const vocab: Record<string, number> = { '!': 0 };
  [...LETTERS].forEach((c, i) => (vocab[c] = 1 + i));
  [...LETTERS].forEach((c, i) => (vocab[`${c}</w>`] = 27 + i));
  vocab['<|startoftext|>'] = 53;
  vocab['<|endoftext|>'] = 54;
  return new TextEncoder().encode(JSON.stringify(vocab));
}
export const SD_TWIN_VOCAB_SIZE = 55;

/** The twin tokenizer's `merges.txt`: the header only. */
export function buildTwinMerges(): Uint8Array {
  return new TextEncoder().encode('#version: 0.2\n');
}

/** A value in [-1, 1] from two integers: fixed, irregular, exactly representable. */
const table = (a: number, b: number) => (((a * 7 + b * 13) % 17) - 8) / 8;

/** Text encoder twin. */
export function buildTextEncoderTwin(): Uint8Array {
  const g = new GraphBuilder('text_encoder_twin', 'Test twin of a CLIP text encoder: a fixed embedding per token id.');
  const ids = g.input('input_ids', 'int32', [1, 77]);
  const emb = g.initializer(
    'embedding',
    Float32Array.from({ length: SD_TWIN_VOCAB_SIZE * SD_TWIN_HIDDEN }, (_, i) => table(Math.floor(i / SD_TWIN_HIDDEN), i % SD_TWIN_HIDDEN)),
    [SD_TWIN_VOCAB_SIZE, SD_TWIN_HIDDEN],
  );
  g.op('Gather', [emb, ids], 'last_hidden_state', { axis: 0 });
  g.output('last_hidden_state', 'float32', [1, 77, SD_TWIN_HIDDEN]);
  return g.toBytes();
}

/** UNet twin with 4 (latent blending) or 9 (inpainting) input channels. */
export function buildUnetTwin(channels: 4 | 9): Uint8Array {
  const g = new GraphBuilder(`unet${channels}_twin`, `Test twin of a ${channels}-channel SD UNet.`);
  const sample = g.input('sample', 'float32', [1, channels, 'h', 'w']);
  const timestep = g.input('timestep', 'int64', [1]);
  const ehs = g.input('encoder_hidden_states', 'float32', [1, 77, SD_TWIN_HIDDEN]);
  const slice = (from: number, to: number) => g.op('Slice', [sample, g.constInt64([from]), g.constInt64([to]), g.constInt64([1])]);
  const latents = channels === 9 ? slice(0, 4) : sample;
  const ctx = g.op('ReduceMean', [ehs], undefined, { axes: [1], keepdims: 0 }); // [1, 16]
  const proj = g.initializer('proj', Float32Array.from({ length: SD_TWIN_HIDDEN * 4 }, (_, i) => table(i, 3) / 4), [SD_TWIN_HIDDEN, 4]);
  const bias = g.op('Reshape', [g.op('MatMul', [ctx, proj]), g.constInt64([1, 4, 1, 1])]);
  const t = g.op('Div', [g.op('Cast', [timestep], undefined, { to: 1 }), g.constFloat(10000)]);
  let out = g.op('Add', [g.op('Add', [g.op('Mul', [latents, g.constFloat(0.5)]), bias]), t]);
  if (channels === 9) {
    const guided = g.op('Mul', [g.op('Mul', [slice(4, 5), slice(5, 9)]), g.constFloat(0.25)]);
    out = g.op('Add', [out, guided]);
  }
  g.op('Identity', [out], 'out_sample');
  g.output('out_sample', 'float32', [1, 4, 'h', 'w']);
  return g.toBytes();
}

/** VAE encoder twin: 8×8 average pooling and a 3 → 4 channel 1×1 convolution. */
export function buildVaeEncoderTwin(): Uint8Array {
  const g = new GraphBuilder('vae_encoder_twin', 'Test twin of an SD VAE encoder.');
  const x = g.input('sample', 'float32', [1, 3, 'H', 'W']);
  const pooled = g.op('AveragePool', [x], undefined, { kernel_shape: [8, 8], strides: [8, 8] });
  const third = 1 / 3;
  const w = g.initializer('to_latent', Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, third, third, third]), [4, 3, 1, 1]);
  g.op('Conv', [pooled, w], 'latent_sample', { kernel_shape: [1, 1] });
  g.output('latent_sample', 'float32', [1, 4, 'h', 'w']);
  return g.toBytes();
}

/** VAE decoder twin: the first three channels, nearest ×8, clipped to [-1, 1]. */
export function buildVaeDecoderTwin(): Uint8Array {
  const g = new GraphBuilder('vae_decoder_twin', 'Test twin of an SD VAE decoder.');
  const z = g.input('latent_sample', 'float32', [1, 4, 'h', 'w']);
  const w = g.initializer('to_rgb', Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]), [3, 4, 1, 1]);
  const rgb = g.op('Conv', [z, w], undefined, { kernel_shape: [1, 1] });
  const up = g.op('Resize', [rgb, '', g.constFloat([1, 1, 8, 8])], undefined, { mode: 'nearest' });
  g.op('Clip', [up, g.constFloat(-1), g.constFloat(1)], 'sample');
  g.output('sample', 'float32', [1, 3, 'H', 'W']);
  return g.toBytes();
}

/** Every twin file by the file names the model server uses (`/twin/<name>`). */
export const SD_TWIN_FILES: Readonly<Record<string, () => Uint8Array>> = {
  'sd-vocab.json': buildTwinVocab,
  'sd-merges.txt': buildTwinMerges,
  'sd-text-encoder.onnx': buildTextEncoderTwin,
  'sd-unet4.onnx': () => buildUnetTwin(4),
  'sd-unet9.onnx': () => buildUnetTwin(9),
  'sd-vae-encoder.onnx': buildVaeEncoderTwin,
  'sd-vae-decoder.onnx': buildVaeDecoderTwin,
};

/**
 * The six files of an SD twin model as manifest entries, each served at
 * `urlOf(file name)` with the size and `sha256` of its bytes as built here:
 * `unet` picks sd15-inpainting's 9-channel UNet or sd-turbo's 4-channel one.
 * The tests' model server and the bench's server share it.
 */
export async function sdTwinModelFiles(
  unet: 'sd-unet9.onnx' | 'sd-unet4.onnx',
  urlOf: (served: string) => string,
  sha256: (bytes: Uint8Array) => Promise<string>,
): Promise<ModelFile[]> {
  const entry = async (name: string, served: string): Promise<ModelFile> => {
    const bytes = SD_TWIN_FILES[served]();
    return { name, url: urlOf(served), bytes: bytes.length, sha256: await sha256(bytes) };
  };
  return Promise.all([
    entry('vocab', 'sd-vocab.json'),
    entry('merges', 'sd-merges.txt'),
    entry('text_encoder', 'sd-text-encoder.onnx'),
    entry('unet', unet),
    entry('vae_encoder', 'sd-vae-encoder.onnx'),
    entry('vae_decoder', 'sd-vae-decoder.onnx'),
  ]);
}
