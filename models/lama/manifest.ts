/**
 * LaMa (Suvorov et al., WACV 2022), big-lama exported to ONNX at a fixed
 * 512×512 by Carve (`lama_fp32.onnx`). Facts from the export and the Hugging
 * Face LFS pointer. The output is already composited
 * (`image·(1 − mask) + prediction·mask`) and in 0..255, not 0..1.
 *
 * Known upstream issue: this export has failed on the older JSEP WebGPU
 * backend (an Add with mismatched shapes) while working on WASM; the worker
 * falls back to WASM for this model and remembers it (workers/pipelines/backend-fallback.ts).
 */
import type { ModelManifest } from '../manifest';

/** The fixed side of LaMa's input and output planes. */
export const LAMA_SIZE = 512;

export const LAMA_MANIFEST: ModelManifest = {
  id: 'lama',
  name: 'LaMa',
  family: 'lama',
  version: 'big-lama-fp32',
  license: 'Apache-2.0',
  description:
    'LaMa (big-lama, fp32, 512×512): Fourier-convolution inpainting that continues large structures and textures. ' +
    '208 MB; fills from the surroundings and ignores the prompt.',
  files: [
    {
      name: 'model',
      url: 'https://huggingface.co/Carve/LaMa-ONNX/resolve/main/lama_fp32.onnx',
      bytes: 208_044_816,
      sha256: '1faef5301d78db7dda502fe59966957ec4b79dd64e16f03ed96913c7a4eb68d6',
    },
  ],
  io: {
    inputs: [
      { name: 'image', dtype: 'float32', shape: [1, 3, LAMA_SIZE, LAMA_SIZE], values: 'RGB planes, 0..1 (byte / 255)' },
      { name: 'mask', dtype: 'float32', shape: [1, 1, LAMA_SIZE, LAMA_SIZE], values: 'binary: 1 = hole (fill), 0 = known' },
    ],
    outputs: [
      {
        name: 'output',
        dtype: 'float32',
        shape: [1, 3, LAMA_SIZE, LAMA_SIZE],
        values: 'RGB planes in 0..255 (not 0..1), already composited: known pixels are the input ×255',
      },
    ],
    sizeMultiple: 1,
    fixedSize: { width: LAMA_SIZE, height: LAMA_SIZE },
  },
  backends: ['webgpu', 'wasm'],
  promptGuided: false,
  // The better learned fill: first for DEFAULT and QUALITY (tighter crop there, crop-plan.ts).
  serves: { TURBO: 2, DEFAULT: 1, QUALITY: 1 },
};
