/**
 * A diffusion model pointed at the generated twins on the bench server
 * (models/build/sd-twin.ts, served by bench/harness.mjs at `/bench-twin/<file>`),
 * for one run id. workers/pipelines/diffusion/test-utils.ts does the same for
 * the test server, but needs Vitest's `inject`.
 */
import { SD_TWIN_FILES } from '../models/build/sd-twin';
import { sha256Hex } from '../workers/cache/sha256';
import type { ModelFile } from '../models/manifest';

/** The six twin files of `sd15-inpainting` (`unet: 'sd-unet9.onnx'`) or `sd-turbo` (`'sd-unet4.onnx'`). */
export async function twinFiles(run: string, unet: 'sd-unet9.onnx' | 'sd-unet4.onnx' = 'sd-unet9.onnx'): Promise<ModelFile[]> {
  const entry = async (name: string, served: string): Promise<ModelFile> => {
    const bytes = SD_TWIN_FILES[served]();
    return { name, url: `${location.origin}/bench-twin/${served}?run=${run}`, bytes: bytes.length, sha256: await sha256Hex(bytes) };
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
