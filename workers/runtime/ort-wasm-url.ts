/**
 * The URLs of ORT's .wasm builds, and nothing else: the page imports this (not
 * onnxruntime-web) so that the references sit in a page chunk.
 *
 * Why the page, not the worker: a bundler that consumes the built package
 * (Vite, webpack 5) sees `new URL('inpaint.worker-….js', import.meta.url)` and
 * copies the prebuilt worker as a plain asset, without reading it, so a .wasm
 * referenced only from inside the worker would not be copied. Referenced from
 * a page chunk, each is emitted and rewritten like any asset; the client sends
 * the resulting URLs with each job (`InpaintJob.ortWasmUrls`).
 */
// onnxruntime-web's bundles embed their .mjs glue and need only these files.
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { absoluteUrl } from '../../src/shared/absolute-url';

/**
 * Which of onnxruntime-web's WebAssembly builds runs a session: `jsep` (the
 * default bundle, 28 MB, WebGPU through its JS execution provider, built with
 * Asyncify) for WebGPU sessions, `wasm` (`onnxruntime-web/wasm`, 14 MB, CPU
 * only, no Asyncify) for WASM sessions (workers/runtime/ort-env.ts says why).
 */
export type OrtBuild = 'jsep' | 'wasm';

/** Some or all of the builds' .wasm URLs, as the page resolved them (absent: the worker's own). */
export type OrtWasmUrls = Partial<Record<OrtBuild, string>>;

/** Absolute URLs of `ort-wasm-simd-threaded.jsep.wasm` and `ort-wasm-simd-threaded.wasm`, wherever the build put them. */
export const ORT_WASM_URLS: Readonly<Record<OrtBuild, string>> = { jsep: absoluteUrl(jsepWasmUrl), wasm: absoluteUrl(plainWasmUrl) };
