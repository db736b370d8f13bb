/**
 * Diffusion inpainting models (issue 5): SD-Turbo for ORT-web (latent-mask
 * blending, 1–4 steps, no guidance) and a 9-channel SD-1.5 inpainting fp16
 * export (classifier-free guidance, 20–30 DDIM steps). Each is six files: the
 * CLIP tokenizer's vocab.json and merges.txt, and four ONNX graphs with the
 * diffusers ONNX conventions (components below).
 *
 * Facts and their sources (read through the search tool's copies of the
 * Hugging Face pages; this machine cannot reach Hugging Face):
 * - `schmuell/sd-turbo-ort-web` (commit ace89b7, files from 7b51591, licence
 *   "stabilityai-non-comercial"): unet/model.onnx "1.73 GB", text_encoder
 *   "681 MB", vae_encoder "68.4 MB", vae_decoder "99.1 MB", plus tokenizer/ and
 *   scheduler/. Microsoft's sample (onnxruntime-inference-examples js/sd-turbo)
 *   feeds `sample` float32 [1,4,64,64], `timestep` int64 [1] = 999,
 *   `encoder_hidden_states` from `last_hidden_state`; σ_max 14.6146; VAE
 *   scale 0.18215; pads with id 0; needs WebGPU `shader-f16`.
 * - `sona-forge/sd15-inpainting-fp16`: unet/model.onnx is a byte-identical
 *   mirror of RanaLLC/stable-diffusion-v1-5-inpainting-onnx-fp16 @ a612b43
 *   (runwayml/stable-diffusion-inpainting, CreativeML Open RAIL-M); its other
 *   components are those of `sona-forge/sd15-base-fp16`.
 *
 * Sizes and sha256 are NOT pinned in this build: the pages show rounded
 * sizes only, and no LFS pointer (exact bytes, sha256) could be read from the
 * machine that wrote this file. Every file is therefore `verifyFrom: 'hub'`
 * with an empty `sha256`: at its first download the weight cache reads the
 * exact size and hash from the Hub's own metadata (tree API, LFS sha256 for the
 * ONNX graphs, git blob SHA-1 for the tokenizer files) for the revision in the
 * URL, verifies the bytes against them, and pins the cached entry to them from
 * then on (workers/cache/hub.ts). The URLs name the `main` branch, so what is
 * pinned is whatever `main` holds at that first download. `bytes` is the
 * rounded size, an estimate used only until the real size is known. The task's
 * `model_note` says when hashes came from the Hub. To pin exact files instead,
 * pass entries with their sha256 through the client's `modelFiles` option.
 */
import type { RenderingSpeed } from '../../src/request/types';
import type { ModelFile, ModelIo, ModelManifest } from '../manifest';

export type DiffusionComponent = 'text_encoder' | 'unet' | 'vae_encoder' | 'vae_decoder';
export const DIFFUSION_COMPONENTS: readonly DiffusionComponent[] = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'];

/** Steps, img2img strength and model resolution (square side, px) per speed. */
export interface DiffusionSpeed {
  steps: number;
  strength: number;
  resolution: number;
}

/**
 * Per-model memory facts for the up-front check. ESTIMATES, reasoned from the
 * SD UNet architectures, not measured: they only decide whether a device is
 * clearly too small, before a multi-GB download.
 */
export interface DiffusionMemory {
  /**
   * Peak activation bytes of one UNet evaluation at 512×512 on the WASM (CPU)
   * backend, float32. The self-attention at the 64×64-latent level dominates:
   * heads × 4096² scores, held with their softmax. Scaled by (side/512)⁴.
   */
  activationBytes512: number;
  /**
   * WASM-heap bytes per weight byte once a session holds it on the CPU EP. The
   * published files are fp16 and the CPU EP has few fp16 kernels: ORT inserts
   * fp16→fp32 Casts (InsertCastTransformer), which constant folding may turn
   * into fp32 copies of the weights, so count up to 2×.
   */
  wasmWeightFactor: number;
}

export interface DiffusionConfig {
  /** `latent-blend`: 4-channel UNet, known latents blended back each step; `inpaint-9ch`: the UNet sees mask and masked image. */
  variant: 'latent-blend' | 'inpaint-9ch';
  scheduler: 'euler-trailing' | 'ddim-leading';
  /** VAE latent scaling factor (SD: 0.18215; SDXS's tiny VAE: 1.0). */
  latentScale: number;
  /** Tokenizer padding after the end token: `eos` (SD-1.5) or an id (0 for SD-2/Turbo). */
  pad: 'eos' | { id: number };
  /** Classifier-free guidance (two UNet calls per step). */
  guidance: boolean;
  speeds: Readonly<Record<RenderingSpeed, DiffusionSpeed>>;
  /** I/O contract of each ONNX component, checked when it is first loaded. */
  components: Readonly<Record<DiffusionComponent, ModelIo>>;
  /** What a WebGPU device must offer for the published (fp16) files. */
  webgpu: { shaderF16: boolean; minMaxBufferBytes: number };
  /** Estimates for the up-front memory check (workers/pipelines/diffusion/requirements.ts); see `DiffusionMemory`. */
  memory: DiffusionMemory;
  /** Shown by the UI next to the model. */
  licenceNote: string;
}

export interface DiffusionManifest extends ModelManifest {
  family: 'diffusion';
  diffusion: DiffusionConfig;
}

/** SD-2/Turbo's OpenCLIP ViT-H text width; SD-1.5's CLIP ViT-L is 768. Shapes are documentation: the load check compares names and dtypes. */
const HIDDEN = 1024;
const textEncoderIo = (hidden: number | string): ModelIo => ({
  inputs: [{ name: 'input_ids', dtype: 'int32', shape: [1, 77], values: 'CLIP BPE ids: start, ≤ 75 tokens, end, padding' }],
  outputs: [{ name: 'last_hidden_state', dtype: 'float32', shape: [1, 77, hidden], values: 'per-token text embedding' }],
  sizeMultiple: 1,
});
const unetIo = (channels: number, hidden: number | string): ModelIo => ({
  inputs: [
    {
      name: 'sample',
      dtype: 'float32',
      shape: [1, channels, 'h', 'w'],
      values: channels === 9 ? 'scaled noisy latents (4), mask (1, 1 = hole), masked-image latents (4)' : 'scaled noisy latents',
    },
    { name: 'timestep', dtype: 'int64', shape: [1], values: 'the scheduler timestep, 0..999' },
    { name: 'encoder_hidden_states', dtype: 'float32', shape: [1, 77, hidden], values: 'text encoder last_hidden_state' },
  ],
  outputs: [{ name: 'out_sample', dtype: 'float32', shape: [1, 4, 'h', 'w'], values: 'predicted noise ε' }],
  sizeMultiple: 64,
});
const VAE_ENCODER_IO: ModelIo = {
  inputs: [{ name: 'sample', dtype: 'float32', shape: [1, 3, 'H', 'W'], values: 'RGB planes in [-1, 1]' }],
  outputs: [{ name: 'latent_sample', dtype: 'float32', shape: [1, 4, 'h', 'w'], values: 'unscaled latents (h = H/8)' }],
  sizeMultiple: 8,
};
const VAE_DECODER_IO: ModelIo = {
  inputs: [{ name: 'latent_sample', dtype: 'float32', shape: [1, 4, 'h', 'w'], values: 'latents ÷ scaling factor' }],
  outputs: [{ name: 'sample', dtype: 'float32', shape: [1, 3, 'H', 'W'], values: 'RGB planes in [-1, 1]' }],
  sizeMultiple: 8,
};

/** A file whose exact size and sha256 are read from the Hub at its first download (see the module comment). */
const hubFile = (name: string, url: string, roundedBytes: number): ModelFile => ({ name, url, bytes: roundedBytes, sha256: '', verifyFrom: 'hub' });

const TURBO_BASE = 'https://huggingface.co/schmuell/sd-turbo-ort-web/resolve/main';
const TURBO_FILES: readonly ModelFile[] = [
  hubFile('vocab', `${TURBO_BASE}/tokenizer/vocab.json`, 1_060_000),
  hubFile('merges', `${TURBO_BASE}/tokenizer/merges.txt`, 525_000),
  hubFile('text_encoder', `${TURBO_BASE}/text_encoder/model.onnx`, 681_000_000),
  hubFile('unet', `${TURBO_BASE}/unet/model.onnx`, 1_730_000_000),
  hubFile('vae_encoder', `${TURBO_BASE}/vae_encoder/model.onnx`, 68_400_000),
  hubFile('vae_decoder', `${TURBO_BASE}/vae_decoder/model.onnx`, 99_100_000),
];

export const SD_TURBO_MANIFEST: DiffusionManifest = {
  id: 'sd-turbo',
  name: 'SD-Turbo',
  family: 'diffusion',
  version: 'schmuell/sd-turbo-ort-web@ace89b7',
  license: 'LicenseRef-stabilityai-non-commercial-research-community',
  description:
    'SD-Turbo (Stability AI), fp16 ONNX for onnxruntime-web: prompt-guided inpainting in 1–4 steps by latent-mask blending. ' +
    '≈ 2.6 GB; WebGPU with shader-f16 recommended. Non-commercial licence.',
  files: TURBO_FILES,
  io: unetIo(4, HIDDEN),
  backends: ['webgpu', 'wasm'],
  promptGuided: true,
  // 1–4 steps: first for TURBO and DEFAULT, after SD-1.5 inpainting for QUALITY.
  serves: { TURBO: 1, DEFAULT: 1, QUALITY: 2 },
  diffusion: {
    variant: 'latent-blend',
    scheduler: 'euler-trailing',
    latentScale: 0.18215,
    pad: { id: 0 },
    guidance: false,
    speeds: {
      TURBO: { steps: 1, strength: 1, resolution: 384 },
      DEFAULT: { steps: 2, strength: 1, resolution: 512 },
      QUALITY: { steps: 4, strength: 1, resolution: 512 },
    },
    components: {
      text_encoder: textEncoderIo(HIDDEN),
      unet: unetIo(4, HIDDEN),
      vae_encoder: VAE_ENCODER_IO,
      vae_decoder: VAE_DECODER_IO,
    },
    webgpu: { shaderF16: true, minMaxBufferBytes: 1 << 30 },
    licenceNote: 'SD-Turbo weights: Stability AI Non-Commercial Research Community licence — not for commercial use.',
    // SD-2.1 UNet: 5 heads at the 64×64 level → 5·4096²·4 B = 336 MB of scores, ×2 with softmax, + convs ≈ 0.8 GB.
    memory: { activationBytes512: 800_000_000, wasmWeightFactor: 2 },
  },
};

const SD15_UNET = 'https://huggingface.co/sona-forge/sd15-inpainting-fp16/resolve/main';
const SD15_BASE = 'https://huggingface.co/sona-forge/sd15-base-fp16/resolve/main';
const SD15_FILES: readonly ModelFile[] = [
  hubFile('vocab', `${SD15_BASE}/tokenizer/vocab.json`, 1_060_000),
  hubFile('merges', `${SD15_BASE}/tokenizer/merges.txt`, 525_000),
  hubFile('text_encoder', `${SD15_BASE}/text_encoder/model.onnx`, 246_000_000),
  hubFile('unet', `${SD15_UNET}/unet/model.onnx`, 1_720_000_000),
  hubFile('vae_encoder', `${SD15_BASE}/vae_encoder/model.onnx`, 68_400_000),
  hubFile('vae_decoder', `${SD15_BASE}/vae_decoder/model.onnx`, 99_100_000),
];

export const SD15_INPAINT_MANIFEST: DiffusionManifest = {
  id: 'sd15-inpainting',
  name: 'SD-1.5 inpainting',
  family: 'diffusion',
  version: 'runwayml/stable-diffusion-inpainting fp16 ONNX (RanaLLC@a612b43 via sona-forge)',
  license: 'CreativeML-OpenRAIL-M',
  description:
    'Stable Diffusion 1.5 inpainting (9-channel UNet), fp16 ONNX: classifier-free guidance, DDIM 20–30 steps. ' +
    '≈ 2.1 GB; WebGPU with shader-f16 recommended.',
  files: SD15_FILES,
  io: unetIo(9, 768),
  backends: ['webgpu', 'wasm'],
  promptGuided: true,
  // 20–30 guided steps: too slow for TURBO; first for QUALITY.
  serves: { DEFAULT: 2, QUALITY: 1 },
  diffusion: {
    variant: 'inpaint-9ch',
    scheduler: 'ddim-leading',
    latentScale: 0.18215,
    pad: 'eos',
    guidance: true,
    speeds: {
      TURBO: { steps: 12, strength: 1, resolution: 384 },
      DEFAULT: { steps: 20, strength: 1, resolution: 512 },
      QUALITY: { steps: 30, strength: 1, resolution: 512 },
    },
    components: {
      text_encoder: textEncoderIo(768),
      unet: unetIo(9, 768),
      vae_encoder: VAE_ENCODER_IO,
      vae_decoder: VAE_DECODER_IO,
    },
    webgpu: { shaderF16: true, minMaxBufferBytes: 1 << 30 },
    licenceNote: 'SD-1.5 inpainting: CreativeML Open RAIL-M (use restrictions in its Attachment A).',
    // SD-1.5 UNet: 8 heads at the 64×64 level → 8·4096²·4 B = 537 MB of scores, ×2 with softmax, + convs ≈ 1.15 GB.
    memory: { activationBytes512: 1_150_000_000, wasmWeightFactor: 2 },
  },
};

/** Whether a manifest is a diffusion model. */
export function isDiffusionManifest(m: ModelManifest): m is DiffusionManifest {
  return m.family === 'diffusion' && 'diffusion' in m;
}
