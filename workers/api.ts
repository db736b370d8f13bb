import type { Backend, BackendPreference, ProgressCallback } from '../src/shared/progress';
import type { InpaintJob, InpaintJobResult, ModelFileOverrides, PipelineContext } from './pipelines/contract';
import { encodeCanvasPng, encodeOutput } from '../src/image/encode';
import { finishExpand } from '../src/shared/expand';
import { outputMetadata, readImageMetadata, type ImageMetadata } from '../src/image/metadata';
import { InpaintError, abortReason, isAbortError } from '../src/shared/errors';
import { signalFromPort } from '../src/shared/cancel-channel';
import { backendOrder, probeBackends, type BackendProbe } from './runtime/backend';
import { SessionManager, destroyWebgpuDevice, webgpuDeviceReady, type LoadedSessionInfo } from './runtime/sessions';
import { liveGpuTensors } from './runtime/gpu-tensors';
import { configureOrt, ortBuildsStarted, type OrtBuild } from './runtime/ort-env';
import { prepareInputs, type PreparedInputs } from './pipelines/prepare';
import { DIFFUSION_PREFERENCE, SPEED_PREFERENCE, selectModel } from './pipelines/route';
import { pipelineFor } from './pipelines/family';
import { bandWindow, bandedRun } from './pipelines/expand-bands';
import { cachedModelIds, effectiveManifest, withModelBaseUrl } from './pipelines/learned-model';
import { MODELS } from '../models/registry';
import { rehearsalInputs, rehearsalSize, warmModels, type WarmupRequest, type WarmupResult } from './pipelines/warmup';
import { BackendMemory, describeFailure, isBackendIndependent, type FallbackRecord } from './pipelines/backend-fallback';
import { cacheUsage, evictModel, importModelFile, listCachedModels, type CachedModel, type CacheUsage } from './cache';
import { deviceSupport, unsupportedModelError } from './pipelines/device-support';
import { downloadModel, type DownloadedModel } from './pipelines/download-model';
import type { DeviceSupport } from '../src/shared/device-support';

export interface WorkerDiagnostics {
  probe: BackendProbe;
  webgpuDeviceReady: boolean;
  webgpuLost: boolean;
  /** ORT sessions loaded now, least recently used first, with the weight bytes each was made from. */
  sessions: LoadedSessionInfo[];
  /** Tensors kept in GPU buffers (WebGPU outputs, uploads) and not yet disposed: 0 between tasks (workers/runtime/gpu-tensors.ts). */
  gpuTensorsLive: number;
  /**
   * onnxruntime-web's builds started in this worker (workers/runtime/ort-env.ts): `wasm` (the plain
   * build, for WASM sessions) and `jsep` (for WebGPU sessions); empty before the first session.
   */
  ortBuilds: OrtBuild[];
}

/**
 * Ends this worker as a crash: an uncaught error, which the client's bridge
 * turns into `worker_crashed` for the running call and a new worker for the
 * next (src/client/worker-bridge.ts). For a runtime that cannot run again
 * (`SessionManager.runtimeStuck`). The promise never settles: the crash
 * answers the call, so no later call reaches this worker before it ends.
 */
function crashWorker(message: string): Promise<never> {
  setTimeout(() => {
    throw new InpaintError('worker_crashed', message);
  });
  return new Promise<never>(() => {});
}

/**
 * A fill model asked to fill a mask that covers the whole image: no pixel is
 * known, so there is nothing to continue. Only a prompt-guided model can
 * generate such an image (the router picks one when it is cached).
 */
function nothingToFillFrom(modelId: string): InpaintError {
  return InpaintError.invalidRequest([
    {
      name: 'mask',
      reason:
        `the mask covers the whole image, so "${modelId}" has nothing to fill from (it continues the unmasked surroundings); ` +
        'leave part of the image white (kept), or use a prompt-guided model (sd-turbo, sd15-inpainting), which generates the whole image from the prompt',
    },
  ]);
}

/** Learned models the router may pick without a download, when cached. */
const LEARNED_IDS = [...new Set([...Object.values(SPEED_PREFERENCE).flat(), ...Object.values(DIFFUSION_PREFERENCE).flat()])];

/**
 * The worker's API (exposed with Comlink by inpaint.worker.ts). Kept free of
 * `self` so it can be created in tests and in other realms.
 */
export function createWorkerApi() {
  const sessions = new SessionManager();
  const disabled = new Set<Backend>();
  const memory = new BackendMemory();
  /** Tasks running now: warm-up stops between its steps while one does. */
  let running = 0;
  /** Aborted when a task starts: a warm-up rehearsal stops at its next stage boundary. */
  const rehearsals = new Set<AbortController>();
  /**
   * The largest rehearsal run so far per speed, format, backend and warmed sessions: the
   * editor warms up at every image it opens, and a rehearsal no larger than one already
   * run warms nothing more (ORT's heap never shrinks, the JIT stays), so it is not repeated.
   */
  const rehearsed = new Map<string, { width: number; height: number }>();
  /** The warm-up running now, if any: the next one starts after it. */
  let warming: Promise<unknown> = Promise.resolve();

  /** Which learned models are available offline; an unreadable cache means none. */
  async function offlineModels(job: InpaintJob): Promise<Set<string>> {
    try {
      return await cachedModelIds(LEARNED_IDS, withModelBaseUrl(job.modelFiles, job.modelBaseUrl));
    } catch (err) {
      console.warn('[local-inpaint] could not read the weight cache; routing as if nothing is cached', err);
      return new Set();
    }
  }

  /** What the outputs carry: the image's ICC profile, and its EXIF and XMP as `job.metadata` says. */
  async function readMetadata(job: InpaintJob) {
    return outputMetadata(await readImageMetadata(new Uint8Array(await job.image.arrayBuffer())), job.metadata ?? 'keep');
  }

  /**
   * decode → route → model (its preferred backends, WebGPU then WASM, minus
   * those it failed on before) → composite → encode, stopping at the next
   * stage boundary once `signal` aborts.
   */
  async function runJob(job: InpaintJob, onProgress: ProgressCallback, signal: AbortSignal): Promise<InpaintJobResult> {
    const started = performance.now();
    // Before the first session reads it; later jobs change nothing.
    configureOrt({ wasmUrls: job.ortWasmUrls });
    const parts: Record<string, number> = {};
    const [input, metadata] = await Promise.all([
      prepareInputs(job, parts),
      readMetadata(job).then((m) => ((parts.metadata = performance.now() - started), m)),
    ]);
    const decode = performance.now() - started;
    try {
      return await runPrepared(job, input, metadata, onProgress, signal, { ...parts, decode });
    } finally {
      // The decode canvas (a 12 MP image's 48 MB) goes now, not at the next GC.
      input.release?.();
    }
  }

  async function runPrepared(
    job: InpaintJob,
    input: PreparedInputs,
    metadata: ImageMetadata,
    onProgress: ProgressCallback,
    signal: AbortSignal,
    decodeTimings: Record<string, number>,
  ): Promise<InpaintJobResult> {
    const encode = (rgba: Uint8ClampedArray) => {
      // Expand: the original comes back bit-exact at its offset, whatever the model did to the overlap.
      if (input.expand) finishExpand(rgba, input.width, input.expand.original, input.expand.rect, input.expand.feather);
      return encodeOutput(rgba, input.width, input.height, { format: job.outputFormat, background: job.background, metadata });
    };
    // PNG of the decode canvas as it is (paste-back.ts pasteIntoCanvas): nothing to flatten or write back.
    const encodeCanvas = job.outputFormat === 'png' && !input.expand ? (canvas: OffscreenCanvas) => encodeCanvasPng(canvas, metadata) : undefined;
    signal.throwIfAborted();
    const fullHole = input.known === 0;
    // Routing reads the weight cache from IndexedDB: its own timing, not part of `decode`.
    const routing = performance.now();
    const route = selectModel({ ...job, fullHole }, await offlineModels(job));
    const routeMs = performance.now() - routing;
    const manifest = effectiveManifest(route.modelId, withModelBaseUrl(job.modelFiles, job.modelBaseUrl));
    // A family with no pipeline here is an error, never the built-in fill under another name.
    const pipeline = pipelineFor(manifest);
    if (fullHole && !manifest.promptGuided) throw nothingToFillFrom(manifest.id);
    const bound = pipeline.bind(manifest, onProgress, signal);
    // Expand: a border wider than the model's window is filled in bands (workers/pipelines/expand-bands.ts).
    const window = input.expand ? bandWindow(manifest, job.renderingSpeed) : undefined;
    const runModel = window ? bandedRun(bound, window) : bound;

    if (sessions.webgpuLost) disabled.add('webgpu');
    const preferred = (await backendOrder(job.backend, disabled)).filter((b) => manifest.backends.includes(b));
    const { order, skipped } = memory.filter(manifest.id, preferred.length ? preferred : ['wasm']);
    const fallbacks: FallbackRecord[] = [...skipped];
    let lastError: unknown;
    for (const backend of order) {
      const ctx: PipelineContext = { sessions, backend, onProgress, signal, encode, ...(encodeCanvas ? { encodeCanvas } : {}) };
      try {
        signal.throwIfAborted();
        const out = await runModel(job, ctx, input, route);
        onProgress({ status: 'done' });
        const note = [route.note, out.note, ...fallbacks.map((f) => `${f.backend} was not used: ${f.message}`)].filter(Boolean).join('; ');
        return { images: out.images, timings: { ...out.timings, ...decodeTimings, route: routeMs }, backend, model: route.modelId, modelNote: note, fallbacks };
      } catch (err) {
        // Bad input, missing weights or a cancel are not the backend's fault: fail, don't retry.
        if (isBackendIndependent(err)) throw err;
        // Whatever failed after a cancel (e.g. a WebGPU run cut short) is not recorded against the backend.
        if (signal.aborted) throw abortReason(signal);
        lastError = err;
        const message = describeFailure(manifest.id, backend, err);
        fallbacks.push({ backend, message });
        if (backend === 'webgpu') {
          // A lost device disables WebGPU for everyone; any other failure only for this model.
          if (sessions.webgpuLost) disabled.add('webgpu');
          else {
            memory.remember(manifest.id, backend, message);
            // This worker will not run the model on WebGPU again: its WebGPU sessions only hold memory.
            await sessions.releaseModel(manifest.id, backend);
          }
        }
      }
    }
    if (lastError instanceof InpaintError) {
      if (fallbacks.length < 2) throw lastError;
      // Every backend refused: say why for each (e.g. WebGPU lacks shader-f16, WASM lacks memory), not only the last.
      const earlier = fallbacks.slice(0, -1).map((f) => `${f.backend}: ${f.message}`);
      throw new InpaintError(lastError.code, `${lastError.message} Other backends: ${earlier.join('; ')}`, {
        details: { ...lastError.details, fallbacks },
        cause: lastError,
      });
    }
    throw new InpaintError('inference', `Inference failed: ${(lastError as Error)?.message ?? String(lastError)}`, {
      details: { fallbacks },
    });
  }

  /** One warm-up (see `warmup`): the sessions (workers/pipelines/warmup.ts), then a rehearsal. */
  async function warmOnce(request: WarmupRequest): Promise<WarmupResult> {
    if (sessions.webgpuLost) disabled.add('webgpu');
    const result = await warmModels(request, {
      sessions,
      disabled,
      busy: () => running > 0,
      cached: () => cachedModelIds(LEARNED_IDS, withModelBaseUrl(request.modelFiles, request.modelBaseUrl)).catch(() => new Set<string>()),
    });
    if (result.yielded || running > 0) return { ...result, yielded: true };
    // A rehearsal: one task through the same path (decode, route, model, composite, encode),
    // at the next image's size when the caller knows it, so that the first real task does not
    // pay the first-call costs either: the codecs' start-up, ORT's first run and heap growth,
    // the JIT of the pixel code. Stops when a task starts.
    const size = rehearsalSize(request.size);
    const key = [request.renderingSpeed, request.outputFormat ?? 'png', request.backend, ...result.sessions].join('|');
    const before = rehearsed.get(key);
    if (before && size.width <= before.width && size.height <= before.height) return { ...result, rehearsed: true, rehearsalSize: before };
    const rehearsal = new AbortController();
    rehearsals.add(rehearsal);
    const started = performance.now();
    try {
      const [image, mask] = await rehearsalInputs(request.size);
      await runJob(
        { taskId: 'warmup', image, mask, prompt: 'remove', renderingSpeed: request.renderingSpeed, seeds: [1], outputFormat: request.outputFormat ?? 'png', backend: request.backend, modelFiles: request.modelFiles, modelBaseUrl: request.modelBaseUrl, ortWasmUrls: request.ortWasmUrls },
        () => {},
        rehearsal.signal,
      );
      rehearsed.set(key, before ? { width: Math.max(size.width, before.width), height: Math.max(size.height, before.height) } : size);
      return { ...result, rehearsed: true, rehearsalSize: size, ms: result.ms + performance.now() - started };
    } catch (err) {
      if (rehearsal.signal.aborted) return { ...result, yielded: true, ms: result.ms + performance.now() - started };
      return { ...result, errors: [...result.errors, `rehearsal: ${String((err as Error)?.message ?? err)}`] };
    } finally {
      rehearsals.delete(rehearsal);
    }
  }

  return {
    /**
     * Runs one job (see `runJob`). `cancel` is the worker's end of the call's
     * cancel channel (src/shared/cancel-channel.ts): a message on it aborts the
     * job at its next stage boundary, and the run rejects with an AbortError
     * while the worker and its loaded sessions stay up.
     */
    async run(job: InpaintJob, onProgress: ProgressCallback = () => {}, cancel?: MessagePort): Promise<InpaintJobResult> {
      const { signal, close } = signalFromPort(cancel);
      if (job.sessionBudgetBytes !== undefined) sessions.budgetBytes = job.sessionBudgetBytes;
      running++;
      for (const rehearsal of rehearsals) rehearsal.abort();
      try {
        return await runJob(job, onProgress, signal);
      } catch (err) {
        if (sessions.runtimeStuck) return crashWorker((err as Error)?.message ?? String(err));
        throw err;
      } finally {
        running--;
        close();
        // Between jobs nothing runs: keep the loaded weights under the budget, oldest out first.
        await sessions.trim().catch((err) => console.warn('[local-inpaint] could not release sessions', err));
      }
    },

    /**
     * Loads ORT and creates the sessions the next task at `renderingSpeed` would
     * need (workers/pipelines/warmup.ts), in idle time. Called beside the task
     * queue, so a task never waits behind it; it stops between steps while one runs.
     */
    warmup(request: WarmupRequest): Promise<WarmupResult> {
      // One at a time: the editor may ask before an image is open (the runtime) and again once it
      // is (the rehearsal at its size); the second finds the sessions made and rehearses once.
      const turn = warming.then(() => warmOnce(request));
      warming = turn.catch(() => undefined);
      return turn;
    },

    /** Releases every loaded ORT session (the next task loads its model again); resolves with the keys released. */
    async releaseModels(): Promise<string[]> {
      rehearsed.clear(); // new sessions pay their first run again
      return sessions.release();
    },

    async diagnostics(): Promise<WorkerDiagnostics> {
      return { probe: await probeBackends(), webgpuDeviceReady: await webgpuDeviceReady(), webgpuLost: sessions.webgpuLost, sessions: await sessions.loaded(), gpuTensorsLive: liveGpuTensors(), ortBuilds: ortBuildsStarted() };
    },

    /** Model files in the weight cache, complete or partial (a download to resume). */
    async listCachedModels(): Promise<CachedModel[]> {
      return listCachedModels();
    },

    /**
     * Ids of the registered models with downloads whose every file, as these overrides and base URL
     * resolve it, is cached and complete: the models that run offline, by the test routing uses.
     */
    async cachedModelIds(overrides?: ModelFileOverrides, baseUrl?: string): Promise<string[]> {
      const ids = Object.values(MODELS).filter((m) => m.files.length > 0).map((m) => m.id);
      return [...(await cachedModelIds(ids, withModelBaseUrl(overrides, baseUrl)))];
    },

    /**
     * Which registered models this device can run with the client's backend preference and files,
     * known before any download (workers/pipelines/device-support.ts).
     */
    async deviceSupport(preference: BackendPreference, overrides?: ModelFileOverrides, baseUrl?: string): Promise<DeviceSupport> {
      return deviceSupport(preference, withModelBaseUrl(overrides, baseUrl));
    },

    /**
     * Downloads a model's weights into the cache ahead of its first task. Refuses, before any
     * request, a model this device cannot run (`backend_unavailable`, the plain reason first).
     * `cancel` is the call's cancel channel: a message on it stops the download (what arrived is kept).
     */
    async downloadModel(
      modelId: string,
      preference: BackendPreference,
      overrides: ModelFileOverrides | undefined,
      baseUrl: string | undefined,
      onProgress: ProgressCallback = () => {},
      cancel?: MessagePort,
    ): Promise<DownloadedModel> {
      const { signal, close } = signalFromPort(cancel);
      try {
        const files = withModelBaseUrl(overrides, baseUrl);
        const manifest = effectiveManifest(modelId, files);
        const support = (await deviceSupport(preference, files)).models.find((m) => m.model === manifest.id);
        if (support && !support.runnable) throw unsupportedModelError(support);
        return await downloadModel(manifest, onProgress, signal);
      } finally {
        close();
      }
    },

    /** Bytes the weight cache holds, and the origin's quota and usage when known. */
    async cacheUsage(): Promise<CacheUsage> {
      return cacheUsage();
    },

    /** Removes a model's files (by model id or file URL); resolves with the bytes freed. */
    async evictModel(target: string): Promise<number> {
      return evictModel(target);
    },

    /**
     * Imports a weight file the user already has (offline and air-gapped
     * machines): verified against the model's manifest (size and sha256) before
     * anything is stored. A model with several files picks the one whose size matches.
     */
    async importModel(modelId: string, file: Blob, overrides?: ModelFileOverrides, baseUrl?: string): Promise<CachedModel> {
      const manifest = effectiveManifest(modelId, withModelBaseUrl(overrides, baseUrl));
      if (manifest.files.length === 0) {
        throw InpaintError.invalidRequest([{ name: 'model', reason: `"${modelId}" is generated in code and has no weight file to import` }]);
      }
      const entry = manifest.files.find((f) => f.bytes === file.size) ?? manifest.files[0];
      return importModelFile(entry, file, { modelId });
    },

    /**
     * A full garbage collection of this worker's heap, where the browser was started with
     * `--js-flags=--expose-gc`; false elsewhere. Benchmarks only (the 'twelve' section's peak
     * memory starts from a collected heap, so the last task's garbage does not move it):
     * reached through src/client/worker-access.ts, not the client.
     */
    async collectGarbage(): Promise<boolean> {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      return gc !== undefined;
    },

    /** Destroys the WebGPU device (a real device loss) to exercise recovery. Tests only: reached through src/client/worker-access.ts, not the client. */
    async loseWebgpuDevice(): Promise<boolean> {
      return destroyWebgpuDevice();
    },
  };
}

export type InpaintWorkerApi = ReturnType<typeof createWorkerApi>;
