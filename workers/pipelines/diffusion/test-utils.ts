/**
 * Browser-side helpers for the diffusion tests (test code only): manifest file
 * overrides that point `sd-turbo` and `sd15-inpainting` at the generated twins
 * on the model test server (models/build/sd-twin.ts), with their bytes and
 * sha256 rebuilt here, so the real download → verify → cache → session path
 * runs; and the output check every diffusion test makes.
 */
import { expect } from 'vitest';
import { sdTwinModelFiles } from '../../../models/build/sd-twin';
import { compareAroundHoles, makeMask, makePhoto, pixelsOf, type Hole } from '../../../test/fixtures/images';
import type { ModelFileOverrides } from '../learned-model';
import { MODEL_SERVER } from '../test-utils';
import { digestHex } from '../../cache/test-utils';

/** `{ 'sd-turbo': [6 twin files], 'sd15-inpainting': [6 twin files] }` for one run id. */
export async function sdTwinOverrides(run: string): Promise<ModelFileOverrides> {
  const files = (unet: 'sd-unet9.onnx' | 'sd-unet4.onnx') => sdTwinModelFiles(unet, (served) => `${MODEL_SERVER}/twin/${served}?run=${run}`, digestHex);
  return { 'sd-turbo': await files('sd-unet4.onnx'), 'sd15-inpainting': await files('sd-unet9.onnx') };
}

/** The test image: W×H with one hole. */
export const W = 256;
export const H = 192;
export const HOLE: Hole = { x: 100, y: 60, width: 48, height: 40 };

/** A photo-like image and its mask (black hole at HOLE). */
export async function inputs() {
  return { image: await makePhoto(W, H), mask: await makeMask(W, H, [HOLE]) };
}

/** Right size, every pixel outside the hole exact, most of the hole regenerated; resolves with the output pixels. */
export async function checkOutput(image: Blob, url: string, width = W, height = H, hole = HOLE) {
  const input = await pixelsOf(image);
  const output = await pixelsOf(url);
  expect([output.width, output.height]).toEqual([width, height]);
  const cmp = compareAroundHoles(input.data, output.data, width, [hole]);
  expect(cmp.changedOutside).toBe(0);
  expect(cmp.changedInside).toBeGreaterThan(cmp.inside * 0.5);
  return output;
}
