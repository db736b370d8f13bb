/**
 * Up-front device checks for a diffusion model on WebGPU, so a device that
 * cannot run it fails with a clear `backend_unavailable` (and the worker moves
 * on to WASM) instead of crashing inside a 1.7 GB session.
 *
 * The published exports are fp16: WebGPU needs the `shader-f16` feature, and
 * buffers of the size of the largest weight tensor. These facts describe the
 * published files; when the caller replaces the UNet (another export, or a
 * float32 test twin), session creation is the check instead.
 */
import type { DiffusionManifest } from '../../../models/sd/manifest';
import { InpaintError } from '../../../src/shared/errors';

/** What the adapter offers (from `navigator.gpu.requestAdapter()`). */
export interface AdapterFacts {
  features: readonly string[];
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

/**
 * @throws InpaintError `backend_unavailable` naming what is missing and what is needed.
 * @example
 * checkWebgpuRequirements(manifest, await adapterFacts(), true);
 */
export function checkWebgpuRequirements(manifest: DiffusionManifest, facts: AdapterFacts | undefined, publishedFiles: boolean): void {
  if (!publishedFiles) return;
  const need = manifest.diffusion.webgpu;
  const problems: string[] = [];
  if (!facts) problems.push('no WebGPU adapter');
  else {
    if (need.shaderF16 && !facts.features.includes('shader-f16')) problems.push('the adapter lacks the "shader-f16" feature (fp16 weights)');
    const limit = Math.min(facts.maxBufferSize, facts.maxStorageBufferBindingSize);
    if (limit < need.minMaxBufferBytes) {
      problems.push(`its largest buffer is ${limit} bytes, the model needs ${need.minMaxBufferBytes}`);
    }
  }
  if (problems.length) {
    throw new InpaintError('backend_unavailable', `WebGPU cannot run "${manifest.id}": ${problems.join('; ')}.`, {
      details: { model: manifest.id, problems },
    });
  }
}

/** The adapter's features and buffer limits, or undefined without WebGPU. */
export async function adapterFacts(): Promise<AdapterFacts | undefined> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  return {
    features: [...adapter.features],
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}
