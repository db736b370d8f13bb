/**
 * The pipeline contract: what the client sends the worker (`InpaintJob`), what
 * it gets back (`InpaintJobResult`), and what every pipeline receives from the
 * worker's runtime (`PipelineContext`). Types only; the worker (api.ts), the
 * pipelines and the client all import them from here, so none imports another
 * for its types.
 */
import type { Backend, ProgressCallback } from '../../src/shared/progress';
import type { JobRequest } from '../../src/request/job-fields';
import type { ModelFile } from '../../models/manifest';
import type { SessionManager } from '../runtime/sessions';
import type { OrtWasmUrls } from '../runtime/ort-wasm-url';
import type { FallbackRecord } from './backend-fallback';

/**
 * Replacement file lists by model id: self-hosted weights (same sha256, another
 * URL), or in tests the generated twins on a local server.
 */
export type ModelFileOverrides = Readonly<Record<string, readonly ModelFile[]>>;

/**
 * One unit of work sent from the client to the worker. Inputs are Blobs (cheap
 * to post). The request's fields follow from the validated request through one
 * mapper (`jobRequest`, src/request/job-fields.ts): `renderingSpeed`, `seeds`
 * (one per output image), `outputFormat`, `metadata`, `background`, `model`,
 * `backend`, the style fields (only the diffusion models use them), …
 */
export interface InpaintJob extends JobRequest {
  taskId: string;
  /**
   * Replacement weight files by model id (the client's `modelFiles` option):
   * self-hosted copies of the weights, or generated twins in tests.
   */
  modelFiles?: ModelFileOverrides;
  /** Where to fetch registered weights instead of their public URLs (the client's `modelBaseUrl`). */
  modelBaseUrl?: string;
  /**
   * ORT's .wasm builds as the page resolved them (workers/runtime/ort-wasm-url.ts):
   * a bundler that consumes the package rewrites only the page's references.
   * Absent: the worker's own references.
   */
  ortWasmUrls?: OrtWasmUrls;
  /** Weight bytes the worker keeps loaded between jobs (the client's `modelMemoryBudgetBytes`); least recently used first out. */
  sessionBudgetBytes?: number;
}

export interface InpaintJobImage {
  blob: Blob;
  seed: number;
  width: number;
  height: number;
  /** The prompt the model actually used (after magic_prompt and style words), when it differs from the request's. */
  prompt?: string;
}

/** What a pipeline returns for one job on one backend. */
export interface PipelineRun {
  images: InpaintJobImage[];
  /** ms per stage; `readback_bytes` (diffusion): bytes read back from GPU buffers. */
  timings: Record<string, number>;
  /** What the model did with the request (window, scale, prompt), appended to the route's note; may be empty. */
  note: string;
}

export interface InpaintJobResult {
  images: InpaintJobImage[];
  /** The execution provider that actually produced the images. */
  backend: Backend;
  model: string;
  /** Why this model ran, and what it did with the prompt. */
  modelNote: string;
  /**
   * Backends that failed on the way (e.g. a WebGPU error retried on WASM), or
   * were skipped because this model failed on them earlier in this worker.
   */
  fallbacks: FallbackRecord[];
  timings: Record<string, number>;
}

/** Everything a pipeline needs from the worker's runtime. */
export interface PipelineContext {
  sessions: SessionManager;
  backend: Backend;
  onProgress: ProgressCallback;
  /**
   * Aborts when the client cancels the job (src/shared/cancel-channel.ts).
   * Pipelines check it at stage boundaries (workers/pipelines/checkpoint.ts)
   * and throw its AbortError, so the worker and its sessions survive a cancel.
   */
  signal: AbortSignal;
  /**
   * Encodes a result at the input's size in the job's format, with the
   * input's ICC profile (and EXIF/XMP as the job's `metadata` says).
   */
  encode(rgba: Uint8ClampedArray): Promise<Blob>;
  /**
   * {@link PipelineContext.encode} for the image in its decode canvas
   * (`PreparedInputs.canvas`), as it is; absent where the job's output needs
   * its pixels (a format other than PNG, an expand).
   */
  encodeCanvas?(canvas: OffscreenCanvas): Promise<Blob>;
}
