/**
 * A diffusion model pointed at the generated twins on the bench server
 * (models/build/sd-twin.ts, served by bench/harness.mjs at `/bench-twin/<file>`),
 * for one run id. workers/pipelines/diffusion/test-utils.ts does the same for
 * the test server, but needs Vitest's `inject`.
 */
import { sdTwinModelFiles } from '../models/build/sd-twin';
import { sha256Hex } from '../workers/cache/sha256';
import type { ModelFile } from '../models/manifest';

/** The six twin files of `sd15-inpainting` (`unet: 'sd-unet9.onnx'`) or `sd-turbo` (`'sd-unet4.onnx'`). */
export function twinFiles(run: string, unet: 'sd-unet9.onnx' | 'sd-unet4.onnx' = 'sd-unet9.onnx'): Promise<ModelFile[]> {
  return sdTwinModelFiles(unet, (served) => `${location.origin}/bench-twin/${served}?run=${run}`, sha256Hex);
}
