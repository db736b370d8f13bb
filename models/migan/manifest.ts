/**
 * MI-GAN pipeline v2 (Sargsyan et al., ICCV 2023): the upstream ONNX export of
 * the whole pipeline, so the graph itself crops a square around the hole
 * (128 px padding, at least 512), runs the generator at 512, resizes back and
 * blends with a blurred mask. Facts from the export script
 * (`scripts/create_onnx_pipeline.py`, input names `image`/`mask`, output
 * `result`, opset 17, dynamic H×W) and the Hugging Face LFS pointer.
 */
import type { ModelManifest } from '../manifest';

/** Colour-free facts the pipeline codes against, shared with the twin. */
export const MIGAN_IO = {
  /** The graph's own crop: padding around the hole and minimum side (create_onnx_pipeline.py). */
  padding: 128,
  resolution: 512,
} as const;

export const MIGAN_MANIFEST: ModelManifest = {
  id: 'migan',
  name: 'MI-GAN',
  family: 'migan',
  version: 'pipeline-v2',
  license: 'MIT',
  description:
    'MI-GAN pipeline v2: a 28 MB mobile inpainting GAN exported with its own crop, resize and blend. ' +
    'Fast on WASM and WebGPU; fills from the surroundings and ignores the prompt.',
  files: [
    {
      name: 'model',
      url: 'https://huggingface.co/andraniksargsyan/migan/resolve/main/migan_pipeline_v2.onnx',
      bytes: 28_079_181,
      sha256: '6f1f3530a1a2324b19752018ce756088b07973cda8d7d890034ace5c8a48c40b',
    },
  ],
  io: {
    inputs: [
      { name: 'image', dtype: 'uint8', shape: [1, 3, 'H', 'W'], values: 'RGB planes, bytes 0..255' },
      { name: 'mask', dtype: 'uint8', shape: [1, 1, 'H', 'W'], values: 'binary: 255 = known (keep), 0 = hole (fill)' },
    ],
    outputs: [
      {
        name: 'result',
        dtype: 'uint8',
        shape: [1, 3, 'H', 'W'],
        values: 'RGB planes, bytes; the input with the hole filled (the graph blends back by itself). Take the name from the session.',
      },
    ],
    sizeMultiple: 1,
  },
  backends: ['webgpu', 'wasm'],
  promptGuided: false,
  // The fastest learned fill: first for TURBO, after LaMa otherwise.
  serves: { TURBO: 1, DEFAULT: 2, QUALITY: 2 },
};
