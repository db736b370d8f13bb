/**
 * The URL of ORT's .wasm, and nothing else: the page imports this (not
 * onnxruntime-web) so that the reference sits in a page chunk.
 *
 * Why the page, not the worker: a bundler that consumes the built package
 * (Vite, webpack 5) sees `new URL('inpaint.worker-….js', import.meta.url)` and
 * copies the prebuilt worker as a plain asset, without reading it, so a .wasm
 * referenced only from inside the worker would not be copied. Referenced from
 * a page chunk, it is emitted and rewritten like any asset; the client sends
 * the resulting URL with each job (`InpaintJob.ortWasmUrl`).
 */
// The default `onnxruntime-web` bundle embeds its .mjs glue and needs only this file.
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { absoluteUrl } from '../../src/shared/absolute-url';

/** Absolute URL of `ort-wasm-simd-threaded.jsep.wasm`, wherever the build put it. */
export const ORT_WASM_URL: string = absoluteUrl(jsepWasmUrl);
