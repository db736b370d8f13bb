/**
 * The one module that imports onnxruntime-web. Everything else in the worker
 * goes through `workers/runtime`.
 *
 * Two of its builds, one per backend (`runtimeFor`): WebGPU sessions run on the
 * default bundle (JSEP), WASM sessions on `onnxruntime-web/wasm`. The JSEP
 * build is compiled with Asyncify, so every CPU kernel in it pays for WebGPU's
 * async calls: measured here (bench/lab/cold-path.mjs, Chromium, 2 cores) its
 * runtime start took about 2× and a built-in session's creation about 5× the
 * plain build's, and a run about 1.5–2×; its .wasm is 28 MB against 14 MB.
 * Each build has its own WebAssembly instance and heap; both exist in one
 * worker only when it runs sessions on both backends (a WebGPU failure retried
 * on WASM). Tensors cross between them: ORT reads a feed by its fields
 * (type, dims, data or gpuBuffer), not by its class.
 */
import * as ort from 'onnxruntime-web';
import * as ortWasm from 'onnxruntime-web/wasm';
import type { Backend } from '../../src/shared/progress';
// Self-hosted runtime: Vite fingerprints each .wasm and serves it from our own
// origin, so nothing is fetched from a CDN (ORT's default when the path is unset).
import { ORT_WASM_URLS, type OrtBuild, type OrtWasmUrls } from './ort-wasm-url';

export type { OrtBuild, OrtWasmUrls };
/** One of onnxruntime-web's bundles (both have this API). */
export type OrtRuntime = typeof ort;

const RUNTIMES: Record<OrtBuild, OrtRuntime> = { jsep: ort, wasm: ortWasm as unknown as OrtRuntime };
const configured = new Set<OrtBuild>();
let options: OrtEnvOptions = {};

export interface OrtEnvOptions {
  /**
   * WASM threads need cross-origin isolation (COOP/COEP) and gave no speed-up
   * on the 2-core machines we measured, so the default is 1.
   */
  numThreads?: number;
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
  /**
   * Where ORT's .wasm builds are, as the page resolved them (`InpaintJob.ortWasmUrls`):
   * in a consumer's bundle only the page's references are rewritten (see
   * ort-wasm-url.ts). Default: the worker's own references, right whenever the
   * worker was built with the page (the app and `dist/lib/`).
   */
  wasmUrls?: OrtWasmUrls;
}

/**
 * Sets the options ORT's environments get before their first session; once a
 * build has started, later calls change nothing for it.
 */
export function configureOrt(next: OrtEnvOptions = {}): void {
  options = { ...options, ...next, wasmUrls: { ...options.wasmUrls, ...next.wasmUrls } };
}

/** The build that runs sessions on `backend`. */
export function ortBuildFor(backend: Backend): OrtBuild {
  return backend === 'webgpu' ? 'jsep' : 'wasm';
}

/** The bundle that runs sessions on `backend`, its environment set on first use. */
export function runtimeFor(backend: Backend): OrtRuntime {
  const build = ortBuildFor(backend);
  const runtime = RUNTIMES[build];
  if (!configured.has(build)) {
    runtime.env.wasm.wasmPaths = { wasm: options.wasmUrls?.[build] ?? ORT_WASM_URLS[build] };
    runtime.env.wasm.numThreads = options.numThreads ?? 1;
    runtime.env.wasm.proxy = false;
    runtime.env.logLevel = options.logLevel ?? 'error';
    configured.add(build);
  }
  return runtime;
}

/** The builds whose environment is set, i.e. that created (or are creating) a session in this realm. */
export function ortBuildsStarted(): OrtBuild[] {
  return [...configured];
}

export { ort };
