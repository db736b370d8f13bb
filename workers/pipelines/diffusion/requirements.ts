/**
 * Up-front device checks for a diffusion model, so a device that cannot run
 * it fails with a clear `backend_unavailable` (and the worker moves on from
 * WebGPU to WASM) instead of crashing inside a 1.7 GB session or after a
 * 2.6 GB download.
 *
 * WebGPU: the published exports are fp16, so the adapter needs the
 * `shader-f16` feature, and buffers of the size of the largest weight tensor.
 * These facts describe real-size exports: they apply whenever the UNet file is
 * real-size (`webgpuRequirementsApply`), whatever its URL, so a pinned or
 * self-hosted copy of the published files is checked before its download too.
 * A small UNet (a generated float32 test twin) is checked by session creation.
 *
 * Memory (both backends): see `estimateMemory`. It is derived from the
 * effective files' bytes, so test twins are judged by their size too.
 */
import type { DiffusionComponent, DiffusionManifest } from '../../../models/sd/manifest';
import { DIFFUSION_COMPONENTS } from '../../../models/sd/manifest';
import type { RenderingSpeed } from '../../../src/request/types';
import { InpaintError } from '../../../src/shared/errors';
import type { Backend } from '../../../src/shared/progress';

/** What the adapter offers (from `navigator.gpu.requestAdapter()`). */
export interface AdapterFacts {
  features: readonly string[];
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

/** A UNet file at least this large is a real export (an SD UNet is ≥ 0.8 GB even quantised); test twins are kilobytes. */
export const REAL_UNET_BYTES = 100_000_000;

/**
 * Whether the WebGPU facts apply to the effective files: the UNet (by its size,
 * the manifest's estimate for a Hub-verified file) is a real-size export.
 *
 * @example
 * if (ctx.backend === 'webgpu') checkWebgpuRequirements(manifest, await adapterFacts(), webgpuRequirementsApply(manifest));
 */
export function webgpuRequirementsApply(manifest: DiffusionManifest): boolean {
  const unet = manifest.files.find((f) => f.name === 'unet');
  return !!unet && unet.bytes >= REAL_UNET_BYTES;
}

/** One thing the device lacks for a model, by kind (the device check turns kinds into plain sentences). */
export interface Shortfall {
  kind: 'no-adapter' | 'shader-f16' | 'buffer-limit' | 'wasm-heap' | 'device-memory';
  message: string;
  /** What the model needs and what the device has, in bytes, for the kinds that are sizes. */
  needBytes?: number;
  haveBytes?: number;
}

/**
 * What the adapter lacks for a diffusion model's published (real-size) files; empty when it has it all.
 *
 * @example
 * webgpuShortfalls(SD_TURBO_MANIFEST, { features: [], maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 })[0].kind; // 'shader-f16'
 */
export function webgpuShortfalls(manifest: DiffusionManifest, facts: AdapterFacts | undefined): Shortfall[] {
  const need = manifest.diffusion.webgpu;
  if (!facts) return [{ kind: 'no-adapter', message: 'no WebGPU adapter' }];
  const out: Shortfall[] = [];
  if (need.shaderF16 && !facts.features.includes('shader-f16')) out.push({ kind: 'shader-f16', message: 'the adapter lacks the "shader-f16" feature (fp16 weights)' });
  const limit = Math.min(facts.maxBufferSize, facts.maxStorageBufferBindingSize);
  if (limit < need.minMaxBufferBytes) {
    out.push({
      kind: 'buffer-limit',
      message: `its largest buffer is ${limit} bytes, the model needs ${need.minMaxBufferBytes}`,
      needBytes: need.minMaxBufferBytes,
      haveBytes: limit,
    });
  }
  return out;
}

/**
 * @throws InpaintError `backend_unavailable` naming what is missing and what is needed.
 * @example
 * checkWebgpuRequirements(manifest, await adapterFacts(), true);
 */
export function checkWebgpuRequirements(manifest: DiffusionManifest, facts: AdapterFacts | undefined, publishedFiles: boolean): void {
  if (!publishedFiles) return;
  const problems = webgpuShortfalls(manifest, facts).map((s) => s.message);
  if (problems.length) {
    throw new InpaintError('backend_unavailable', `WebGPU cannot run "${manifest.id}": ${problems.join('; ')}.`, {
      details: { model: manifest.id, problems },
    });
  }
}

/** The adapter's features and buffer limits, or undefined without WebGPU. */
export async function adapterFacts(): Promise<AdapterFacts | undefined> {
  const gpu = (globalThis.navigator as { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  return {
    features: [...adapter.features],
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

/**
 * onnxruntime-web's WebAssembly builds are wasm32: their shared memory is
 * declared with a maximum of 65536 pages of 64 KiB (read from
 * ort-wasm-simd-threaded{,.jsep}.wasm 1.30), i.e. 4 GiB, the wasm32 ceiling.
 * The package ships no wasm64 (memory64) build; one would lift this limit.
 */
export const WASM32_HEAP_BYTES = 2 ** 32;

/**
 * Heap bytes per model byte while a session is created: `InferenceSession.create`
 * copies the file into the heap (`copyFromExternalBuffer`, freed after
 * `_OrtCreateSession`), and ORT parses it into a ModelProto that holds the
 * initializers again until the session state owns them.
 */
export const SESSION_CREATE_FACTOR = 2;

/** What the host offers, from `hostFacts()`. */
export interface HostFacts {
  /**
   * `navigator.deviceMemory` in GiB, or undefined where the browser does not
   * say (then it is not checked). Approximate: Chromium rounds the RAM to a
   * power of two, and caps it (at 8 in the Device Memory spec's first
   * version; Chromium 150 on a 23 GiB test machine reports 16).
   */
  deviceMemoryGiB?: number;
  /** The WebAssembly heap ceiling (`WASM32_HEAP_BYTES`). */
  wasmHeapBytes: number;
}

/** Estimated peak bytes, and the terms they are made of. */
export interface MemoryEstimate {
  backend: Backend;
  resolution: number;
  /** Peak bytes of the worker's WebAssembly heap (which never shrinks). */
  wasmHeapBytes: number;
  /** Peak bytes of host memory: the JS copies of the files plus that heap. */
  hostBytes: number;
  /** Σ bytes of all files (the loader keeps them in JS for the job, for a WASM retry). */
  fileBytes: number;
  /** The largest ONNX file: the one whose session creation peaks. */
  largestModelBytes: number;
  /** Activation estimate at `resolution` (WASM only; on WebGPU activations live in GPU memory). */
  activationBytes: number;
}

const GiB = 2 ** 30;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const bytesAndGib = (bytes: number) => `${Math.round(bytes)} bytes (${gib(bytes)})`;
const BACKEND_NAME: Record<Backend, string> = { webgpu: 'WebGPU', wasm: 'WASM' };

/**
 * The memory a diffusion model needs on one backend at one resolution. An
 * estimate, meant to refuse devices that are clearly too small:
 *
 * - Host (JS): the loader keeps every file's bytes for the job (components.ts).
 * - WASM backend: every session's weights live in the WebAssembly heap on the
 *   CPU EP (× `memory.wasmWeightFactor` for fp16 files run in fp32), and the
 *   session created last adds its transit copies (× `SESSION_CREATE_FACTOR`);
 *   later, a UNet evaluation adds its activations. The transit copies are
 *   freed before the first run, so the peak is weights + max(transit, activations).
 * - WebGPU backend: weights are uploaded to GPU buffers, so the heap only needs
 *   the largest file's transit copies while its session is created. GPU memory
 *   is not visible to a page (WebGPU exposes no memory size), so it is not
 *   checked here; the buffer limits in `checkWebgpuRequirements` are the proxy.
 * - Host total: the JS copies plus the heap's peak (a wasm heap never shrinks).
 *   Compared with `navigator.deviceMemory`, a rounded figure: a device that
 *   reports 4 (4–6 GiB of RAM) is refused SD-Turbo (about 5.6 GiB), which
 *   would otherwise be likely to kill the tab; 8 or more never refuses it.
 *
 * Not counted: sessions of other models the worker still holds, and the
 * browser's own use of memory; so the estimate errs towards allowing.
 *
 * @example
 * estimateMemory(SD_TURBO_MANIFEST, 'webgpu', 512).wasmHeapBytes; // 3_460_000_000 (2 × the 1.73 GB UNet)
 */
export function estimateMemory(manifest: DiffusionManifest, backend: Backend, resolution: number): MemoryEstimate {
  const facts = manifest.diffusion.memory;
  const onnx = manifest.files.filter((f) => DIFFUSION_COMPONENTS.includes(f.name as DiffusionComponent));
  const fileBytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const weightBytes = onnx.reduce((sum, f) => sum + f.bytes, 0);
  const largestModelBytes = Math.max(0, ...onnx.map((f) => f.bytes));
  const transit = SESSION_CREATE_FACTOR * largestModelBytes;
  // Attention over (side/8)² latent tokens dominates: its score matrix grows with the token count squared.
  const activationBytes = backend === 'wasm' ? facts.activationBytes512 * (resolution / 512) ** 4 : 0;
  const wasmHeapBytes = backend === 'wasm' ? weightBytes * facts.wasmWeightFactor + Math.max(transit, activationBytes) : transit;
  return { backend, resolution, wasmHeapBytes, hostBytes: fileBytes + wasmHeapBytes, fileBytes, largestModelBytes, activationBytes };
}

/** What an estimate exceeds on this host, one sentence each; empty when it fits. */
function shortfalls(e: MemoryEstimate, host: HostFacts): string[] {
  return memoryShortfalls(e, host).map((s) => s.message);
}

/**
 * What an estimate exceeds on this host, by kind: the 32-bit WebAssembly heap (no device has more),
 * or the memory the device reports; empty when it fits.
 *
 * @example
 * memoryShortfalls(estimateMemory(SD_TURBO_MANIFEST, 'wasm', 384), hostFacts())[0].kind; // 'wasm-heap'
 */
export function memoryShortfalls(e: MemoryEstimate, host: HostFacts): Shortfall[] {
  const out: Shortfall[] = [];
  if (e.wasmHeapBytes > host.wasmHeapBytes) {
    out.push({
      kind: 'wasm-heap',
      message: `it needs about ${bytesAndGib(e.wasmHeapBytes)} of WebAssembly memory, and onnxruntime-web's 32-bit WebAssembly heap holds at most ${bytesAndGib(host.wasmHeapBytes)}`,
      needBytes: e.wasmHeapBytes,
      haveBytes: host.wasmHeapBytes,
    });
  }
  const device = host.deviceMemoryGiB === undefined ? undefined : host.deviceMemoryGiB * GiB;
  if (device !== undefined && e.hostBytes > device) {
    out.push({
      kind: 'device-memory',
      message: `it needs about ${bytesAndGib(e.hostBytes)} of memory, and this device reports ${bytesAndGib(device)} (navigator.deviceMemory)`,
      needBytes: e.hostBytes,
      haveBytes: device,
    });
  }
  return out;
}

/**
 * Fails when the model clearly does not fit this host's memory on `backend` at
 * the speed's resolution, naming needed and available bytes and what would fit
 * (the other backend, a smaller speed, a device with more memory).
 *
 * @throws InpaintError `backend_unavailable` with `details` (estimate, host facts, alternatives).
 * @example
 * checkMemoryRequirements(manifest, ctx.backend, job.renderingSpeed, hostFacts());
 */
export function checkMemoryRequirements(manifest: DiffusionManifest, backend: Backend, speed: RenderingSpeed, host: HostFacts): void {
  const speeds = manifest.diffusion.speeds;
  const resolution = speeds[speed].resolution;
  const estimate = estimateMemory(manifest, backend, resolution);
  const problems = shortfalls(estimate, host);
  if (problems.length === 0) return;

  const alternatives: string[] = [];
  const other: Backend = backend === 'webgpu' ? 'wasm' : 'webgpu';
  if (manifest.backends.includes(other)) {
    const e = estimateMemory(manifest, other, resolution);
    if (shortfalls(e, host).length === 0) {
      alternatives.push(`the ${BACKEND_NAME[other]} backend (about ${gib(e.hostBytes)} of memory${other === 'webgpu' ? ', on an adapter with shader-f16' : ''})`);
    }
  }
  const smaller = (Object.keys(speeds) as RenderingSpeed[]).filter(
    (s) => manifest.serves[s] !== undefined && speeds[s].resolution < resolution && shortfalls(estimateMemory(manifest, backend, speeds[s].resolution), host).length === 0,
  );
  if (smaller.length) alternatives.push(`rendering_speed ${smaller.map((s) => `${s} (${speeds[s].resolution}×${speeds[s].resolution})`).join(' or ')}`);
  const best = Math.min(...(manifest.backends as Backend[]).map((b) => estimateMemory(manifest, b, resolution).hostBytes));
  if (host.deviceMemoryGiB !== undefined && best > host.deviceMemoryGiB * GiB) alternatives.push(`a device with at least ${gib(best)} of memory`);
  if (alternatives.length === 0) alternatives.push('a model with smaller weights');

  throw new InpaintError(
    'backend_unavailable',
    `The ${BACKEND_NAME[backend]} backend cannot run "${manifest.id}" at ${resolution}×${resolution} (rendering_speed ${speed}): ` +
      `${problems.join('; ')}. What would fit: ${alternatives.join(', or ')}.`,
    { details: { model: manifest.id, backend, speed, estimate, host, problems, alternatives } },
  );
}

/**
 * This host's memory facts. `navigator.deviceMemory` exists in Chromium's
 * windows and workers (secure contexts); elsewhere it is undefined.
 *
 * @example
 * checkMemoryRequirements(manifest, 'wasm', 'DEFAULT', hostFacts());
 */
export function hostFacts(): HostFacts {
  const reported = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return {
    deviceMemoryGiB: typeof reported === 'number' && reported > 0 ? reported : undefined,
    wasmHeapBytes: WASM32_HEAP_BYTES,
  };
}
