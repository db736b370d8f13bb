/**
 * The one module that imports onnxruntime-web. Everything else in the worker
 * goes through `workers/runtime`.
 */
import * as ort from 'onnxruntime-web';
// Self-hosted runtime: Vite fingerprints the .wasm and serves it from our own
// origin, so nothing is fetched from a CDN (ORT's default when the path is unset).
import { ORT_WASM_URL } from './ort-wasm-url';

let configured = false;

export interface OrtEnvOptions {
  /**
   * WASM threads need cross-origin isolation (COOP/COEP) and gave no speed-up
   * on the 2-core machines we measured, so the default is 1.
   */
  numThreads?: number;
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
  /**
   * Where ORT's .wasm is, as the page resolved it (`InpaintJob.ortWasmUrl`):
   * in a consumer's bundle only the page's reference is rewritten (see
   * ort-wasm-url.ts). Default: the worker's own reference, right whenever the
   * worker was built with the page (the app and `dist/lib/`).
   */
  wasmUrl?: string;
}

/** Sets ORT's environment once, before its first session; later calls change nothing. */
export function configureOrt(options: OrtEnvOptions = {}): typeof ort {
  if (!configured) {
    ort.env.wasm.wasmPaths = { wasm: options.wasmUrl ?? ORT_WASM_URL };
    ort.env.wasm.numThreads = options.numThreads ?? 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = options.logLevel ?? 'error';
    configured = true;
  }
  return ort;
}

export { ort };
