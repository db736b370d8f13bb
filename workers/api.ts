import type { Backend, BackendPreference, ProgressCallback } from '../src/shared/progress';
import type { OutputFormat, RenderingSpeed } from '../src/request/types';
import { InpaintError, isAbortError } from '../src/shared/errors';
import { backendOrder, probeBackends, type BackendProbe } from './runtime/backend';
import { SessionManager, destroyWebgpuDevice, webgpuDeviceReady } from './runtime/sessions';
import { runBuiltinFill } from './pipelines/builtin-fill';
import { selectModel } from './pipelines/route';

/** One unit of work sent from the client to the worker. Inputs are Blobs (cheap to post). */
export interface InpaintJob {
  taskId: string;
  image: Blob;
  mask: Blob;
  prompt: string;
  renderingSpeed: RenderingSpeed;
  /** One seed per output image; its length is `num_images`. */
  seeds: number[];
  outputFormat: OutputFormat;
  backend: BackendPreference;
  model?: string;
}

export interface InpaintJobImage {
  blob: Blob;
  seed: number;
  width: number;
  height: number;
}

export interface InpaintJobResult {
  images: InpaintJobImage[];
  /** The execution provider that actually produced the images. */
  backend: Backend;
  model: string;
  /** Why this model ran, and what it did with the prompt. */
  modelNote: string;
  /** Backends that failed on the way, e.g. a WebGPU error retried on WASM. */
  fallbacks: { backend: Backend; message: string }[];
  timings: Record<string, number>;
}

/** Everything a pipeline needs from the worker's runtime. */
export interface PipelineContext {
  sessions: SessionManager;
  backend: Backend;
  onProgress: ProgressCallback;
}

export interface WorkerDiagnostics {
  probe: BackendProbe;
  webgpuDeviceReady: boolean;
  webgpuLost: boolean;
}

/**
 * The worker's API (exposed with Comlink by inpaint.worker.ts). Kept free of
 * `self` so it can be created in tests and in other realms.
 */
export function createWorkerApi() {
  const sessions = new SessionManager();
  const disabled = new Set<Backend>();

  return {
    /** Runs one job: decode → route → model (WebGPU, then WASM) → composite → encode. */
    async run(job: InpaintJob, onProgress: ProgressCallback = () => {}): Promise<InpaintJobResult> {
      const route = selectModel(job);
      if (sessions.webgpuLost) disabled.add('webgpu');
      const order = await backendOrder(job.backend, disabled);
      const fallbacks: InpaintJobResult['fallbacks'] = [];
      let lastError: unknown;
      for (const backend of order) {
        try {
          const out = await runBuiltinFill(job, { sessions, backend, onProgress }, route);
          onProgress({ status: 'done' });
          return { ...out, backend, model: route.modelId, modelNote: route.note, fallbacks };
        } catch (err) {
          // Bad input is not the backend's fault: fail the task, don't retry.
          if (isAbortError(err) || (err instanceof InpaintError && (err.code === 'image_decode' || err.code === 'invalid_request'))) throw err;
          lastError = err;
          fallbacks.push({ backend, message: (err as Error).message ?? String(err) });
          if (backend === 'webgpu') {
            if (sessions.webgpuLost) disabled.add('webgpu');
            continue;
          }
        }
      }
      if (lastError instanceof InpaintError) throw lastError;
      throw new InpaintError('inference', `Inference failed: ${(lastError as Error)?.message ?? String(lastError)}`, {
        details: { fallbacks },
      });
    },

    async diagnostics(): Promise<WorkerDiagnostics> {
      return { probe: await probeBackends(), webgpuDeviceReady: await webgpuDeviceReady(), webgpuLost: sessions.webgpuLost };
    },

    /** Destroys the WebGPU device (a real device loss) to exercise recovery. */
    async loseWebgpuDevice(): Promise<boolean> {
      return destroyWebgpuDevice();
    },
  };
}

export type InpaintWorkerApi = ReturnType<typeof createWorkerApi>;
