/**
 * The one module that imports onnxruntime-web. Everything else in the worker
 * goes through `workers/runtime`.
 */
import * as ort from 'onnxruntime-web';
// Self-hosted runtime: Vite fingerprints the .wasm and serves it from our own
// origin, so nothing is fetched from a CDN (ORT's default when the path is unset).
// The default `onnxruntime-web` bundle embeds its .mjs glue and needs only this file.
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

let configured = false;

export interface OrtEnvOptions {
  /**
   * WASM threads need cross-origin isolation (COOP/COEP) and gave no speed-up
   * on the 2-core machines we measured, so the default is 1.
   */
  numThreads?: number;
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

export function configureOrt(options: OrtEnvOptions = {}): typeof ort {
  if (!configured) {
    ort.env.wasm.wasmPaths = { wasm: new URL(jsepWasmUrl, self.location.href).href };
    ort.env.wasm.numThreads = options.numThreads ?? 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = options.logLevel ?? 'error';
    configured = true;
  }
  return ort;
}

export { ort };
