import type { InpaintJob, InpaintJobResult } from '../../workers/pipelines/contract';
import type { WarmupResult } from '../../workers/pipelines/warmup';
import { validateRequest } from '../request/validate';
import { validateExpandRequest } from '../request/validate-expand';
import { jobRequest, storedRequest } from '../request/job-fields';
import { DEFAULT_IMAGE_FETCH_TIMEOUT_MS } from '../request/resolve';
import type { ExpandRequest, GeneratedImage, InpaintRequest, OutputFormat, RenderingSpeed, SubmitResponse, TaskData, TaskResponse, TaskStatus, ValidatedExpandRequest, ValidatedRequest, WebhookPayload } from '../request/types';
import { InpaintError, isAbortError } from '../shared/errors';
import type { BackendPreference, Progress, ProgressCallback } from '../shared/progress';
import { TabQueue, type TabMessage } from './tab-queue';
import { IdbTaskStore, MemoryTaskStore, type TaskRecord, type TaskStore } from './task-store';
import { DEFAULT_WEBHOOK_MAX_IMAGE_BYTES, WebhookDispatcher, inlineImages, type WebhookImages } from './webhooks';
import { WorkerBridge, abortable, type WorkerFactory } from './worker-bridge';
import { registerWorker } from './worker-access';
// Only the .wasm builds' URLs, resolved in the page (why: workers/runtime/ort-wasm-url.ts); never ORT itself.
import { ORT_WASM_URLS } from '../../workers/runtime/ort-wasm-url';
import { progressTracker } from './progress';
import type { DeviceSupport } from '../shared/device-support';

export interface InpaintClientOptions {
  /** `auto` (default) tries WebGPU with a real adapter, then WASM. */
  backend?: BackendPreference;
  /** Keep tasks, inputs and outputs in IndexedDB (default true). */
  persist?: boolean;
  /** IndexedDB database name (default `local-inpaint`). */
  dbName?: string;
  /**
   * The IndexedDB that holds the tasks (default: the page's `indexedDB`). A Storage Bucket's
   * `bucket.indexedDB` gives the task history its own quota and eviction, apart from the model weights:
   * `indexedDB: (await navigator.storageBuckets.open('tasks', { quota: 500e6 })).indexedDB`.
   */
  indexedDB?: IDBFactory;
  /**
   * Re-queue tasks left CREATED or IN_PROGRESS by an earlier page (default true). With persistence,
   * this also joins the queue shared by every tab on the same origin and database: one tab runs it
   * (see `isQueueLeader`). `false`: this client runs only what it submits, and ignores other tabs.
   */
  resume?: boolean;
  /** Makes the worker; override to self-host it under a strict CSP. */
  createWorker?: WorkerFactory;
  /** Used for image URLs and webhooks. */
  fetch?: typeof fetch;
  /**
   * Webhook delivery: retries and backoff, and how a COMPLETED payload carries its images.
   * `images: 'url'` (default) sends the `blob:` URLs, which open only in this page;
   * `images: 'data-url'` sends each image as a `data:image/...;base64,` URL, so a receiver
   * outside the page (a desktop app, a script on localhost) gets the pixels. Images over
   * `maxImageBytes` in all (default 16 MiB, before base64's +33 %) are sent as `blob:` URLs
   * with a `generated_note` saying why.
   */
  webhook?: { retries?: number; baseDelayMs?: number; maxDelayMs?: number; images?: WebhookImages; maxImageBytes?: number };
  /**
   * Replacement weight files by model id, e.g. self-hosted copies of the weights:
   * `{ lama: [{ name: 'model', url: '/weights/lama_fp32.onnx', bytes: 208044816, sha256: '1faef5…' }] }`.
   * The cache verifies exactly these `bytes` and `sha256` (keep the manifest's to insist on the published file).
   */
  modelFiles?: InpaintJob['modelFiles'];
  /**
   * Self-hosted weights: registered model files are fetched from
   * `${modelBaseUrl}/${file name}` instead of their public URLs (same sha256),
   * and a file in a folder of a Hugging Face repo from `${modelBaseUrl}/${model id}/${path in the repo}`
   * (`sd-turbo/unet/model.onnx`). The diffusion models' files record no sha256 (it is read from the Hub),
   * so their copies need `modelFiles` entries with a sha256. `modelFiles` entries win per model.
   */
  modelBaseUrl?: string;
  /**
   * Milliseconds a cancelled running task may take to stop in the worker
   * before the worker is terminated (default 5000). Diffusion models stop at
   * their next step, well within it, so the worker keeps its loaded sessions
   * (gigabytes for SD) and the next task starts without reloading them. A
   * single long kernel (a big built-in fill) cannot be interrupted: past this
   * time the worker is terminated and the next task starts a new one. The
   * cancelled task fails at once either way; the next one waits for this.
   * 0 terminates at once; Infinity never does. Anything else (NaN, negative) makes the constructor throw `invalid_request`.
   */
  cancelGraceMs?: number;
  /**
   * Milliseconds an image URL in a request (`image`, `mask`, references) may take to
   * arrive, headers and body together, before `submit()` rejects with `invalid_request`
   * naming the field and saying it timed out. Default 30 000; Infinity waits for ever.
   */
  imageFetchTimeoutMs?: number;
  /**
   * Weight bytes of ORT sessions the worker keeps loaded between tasks (default 3 GiB:
   * one diffusion model and both fill models). Past it the least recently used sessions
   * are released after a task; 0 keeps none. `releaseModels()` releases them all now.
   */
  modelMemoryBudgetBytes?: number;
}

export interface SubmitOptions {
  /** Stops fetching image URLs and rejects `submit()` with the signal's AbortError; nothing is queued. */
  signal?: AbortSignal;
}

export interface WaitOptions {
  signal?: AbortSignal;
  onProgress?: (progress: number, event?: Progress) => void;
}

export interface TaskProgressDetail {
  task_id: string;
  progress: number;
  event: Progress;
}

export interface InpaintClientEventMap {
  status: CustomEvent<WebhookPayload>;
  progress: CustomEvent<TaskProgressDetail>;
}

/**
 * An IndexedDB write of tasks that failed, as `cache_quota` (the code for any storage write
 * that fails, weights or tasks): QuotaExceededError when the disk or the bucket is full, or
 * whatever else IndexedDB refused (a connection closed by an upgrade in another tab).
 */
function storageError(err: unknown, what: string, taskId: string): InpaintError {
  const name = (err as { name?: string })?.name ?? 'Error';
  const why = name === 'QuotaExceededError' ? 'storage is full' : `${name}: ${(err as Error)?.message ?? String(err)}`;
  return new InpaintError(
    'cache_quota',
    `Could not store ${what} of task ${taskId} in IndexedDB (${why}). Free space (delete() finished tasks, or cached models), or use persist: false.`,
    { details: { task_id: taskId, cause_name: name }, cause: err },
  );
}

const FINAL: ReadonlySet<TaskStatus> = new Set(['COMPLETED', 'FAILED']);

/**
 * Local twin of the hosted inpainting API: `submit` returns a task id at once,
 * the work runs in a worker, and results are polled with `get`, awaited with
 * `wait`, or pushed to a `webhook_url`. Fires `status` (detail = webhook
 * payload) on every status change and `progress` while running.
 *
 * @example
 * const client = new InpaintClient();
 * const { data } = await client.submit({ image: file, mask: maskBlob, prompt: 'remove the cable' });
 * const done = await client.wait(data.task_id);
 * img.src = done.data.generated[0];
 */
export class InpaintClient extends EventTarget {
  /** Resolves once persisted tasks are loaded and unfinished ones re-queued. */
  readonly ready: Promise<void>;
  private store!: TaskStore;
  private readonly options: Required<Pick<InpaintClientOptions, 'backend' | 'persist' | 'dbName' | 'resume'>> & InpaintClientOptions;
  private readonly bridge: WorkerBridge;
  private readonly webhooks: WebhookDispatcher;
  private readonly records = new Map<string, TaskRecord>();
  private readonly urls = new Map<string, string[]>();
  private readonly queue: string[] = [];
  private running?: { taskId: string; controller: AbortController };
  private seq = 0;
  private disposed = false;
  /** The queue shared with other tabs; absent when this client runs only its own tasks. */
  private tabs?: TabQueue;
  private runs = 0;
  /** The device check, once per client (see `deviceSupport()`). */
  private support?: Promise<DeviceSupport>;

  constructor(options: InpaintClientOptions = {}) {
    super();
    this.options = { backend: 'auto', persist: true, dbName: 'local-inpaint', resume: true, ...options };
    const timeout = options.imageFetchTimeoutMs ?? DEFAULT_IMAGE_FETCH_TIMEOUT_MS;
    if (typeof timeout !== 'number' || !(timeout > 0)) {
      throw InpaintError.invalidRequest([
        { name: 'imageFetchTimeoutMs', reason: `must be a number of milliseconds > 0 (Infinity waits for ever), got ${String(timeout)}` },
      ]);
    }
    const { images = 'url', maxImageBytes = DEFAULT_WEBHOOK_MAX_IMAGE_BYTES } = options.webhook ?? {};
    if (images !== 'url' && images !== 'data-url') {
      throw InpaintError.invalidRequest([{ name: 'webhook.images', reason: `must be 'url' or 'data-url', got ${JSON.stringify(images)}` }]);
    }
    if (typeof maxImageBytes !== 'number' || !(maxImageBytes >= 0)) {
      throw InpaintError.invalidRequest([{ name: 'webhook.maxImageBytes', reason: `must be a number of bytes ≥ 0, got ${String(maxImageBytes)}` }]);
    }
    if (options.indexedDB !== undefined && typeof (options.indexedDB as Partial<IDBFactory> | null)?.open !== 'function') {
      throw InpaintError.invalidRequest([{ name: 'indexedDB', reason: 'must be an IDBFactory (the page\'s indexedDB or a storage bucket\'s), or left out' }]);
    }
    const budget = options.modelMemoryBudgetBytes;
    if (budget !== undefined && (typeof budget !== 'number' || !(budget >= 0))) {
      throw InpaintError.invalidRequest([{ name: 'modelMemoryBudgetBytes', reason: `must be a number of bytes ≥ 0 (Infinity keeps every session), got ${String(budget)}` }]);
    }
    this.bridge = new WorkerBridge(options.createWorker, { cancelGraceMs: options.cancelGraceMs });
    registerWorker(this, this.bridge);
    const { images: _images, maxImageBytes: _max, ...delivery } = options.webhook ?? {};
    this.webhooks = new WebhookDispatcher({ fetch: options.fetch, ...delivery });
    this.ready = this.init();
  }

  /**
   * Validates the whole request (fetching image URLs, each within `imageFetchTimeoutMs`),
   * persists the task, queues it; returns at once. An abort of `options.signal` rejects
   * with its AbortError and queues nothing.
   */
  async submit(body: InpaintRequest | unknown, options: SubmitOptions = {}): Promise<SubmitResponse> {
    await this.ready;
    const req = await validateRequest(body, { fetch: this.options.fetch, signal: options.signal, imageFetchTimeoutMs: this.options.imageFetchTimeoutMs });
    options.signal?.throwIfAborted();
    return this.enqueue(req);
  }

  /**
   * Image Expand (the hosted `POST /v1/ai/image-expand/flux-pro`): extends the image
   * by `left`/`right`/`top`/`bottom` px (each 0–2048, at least one > 0) and fills the
   * new border like an inpaint hole, on the same queue, store, events and webhooks as
   * `submit()`, so `get`, `wait`, `cancel`, `delete` and `list` work on its task as on any.
   * The result is the larger image; the original's pixels come back unchanged at
   * (`left`, `top`). `prompt` is optional (the fill models ignore it; a content prompt
   * routes to a cached diffusion model). Every other field means what it does for `submit()`.
   *
   * @example
   * const { data } = await client.expand({ image: file, right: 480 });   // 1080×1080 → 1560×1080
   * const done = await client.wait(data.task_id);
   * img.src = done.data.generated[0];
   */
  async expand(body: ExpandRequest | unknown, options: SubmitOptions = {}): Promise<SubmitResponse> {
    await this.ready;
    const req = await validateExpandRequest(body, { fetch: this.options.fetch, signal: options.signal, imageFetchTimeoutMs: this.options.imageFetchTimeoutMs });
    options.signal?.throwIfAborted();
    return this.enqueue(req);
  }

  /** Persists and queues a validated request: one path for inpaint and expand tasks. */
  private async enqueue(req: ValidatedRequest | ValidatedExpandRequest): Promise<SubmitResponse> {
    const { request, inputs } = storedRequest(req, this.options.backend);
    const now = new Date().toISOString();
    const record: TaskRecord = {
      task_id: crypto.randomUUID(),
      seq: ++this.seq,
      status: 'CREATED',
      progress: 0,
      created_at: now,
      updated_at: now,
      outputs: [],
      request,
    };
    try {
      await this.store.create(record, inputs);
    } catch (err) {
      // Nothing is queued: a task that is not stored could not resume, nor be seen by other tabs.
      throw storageError(err, 'the task and its input images', record.task_id);
    }
    this.records.set(record.task_id, record);
    this.tabs?.post({ type: 'changed', task_id: record.task_id });
    this.notify(record);
    // A takeover that read the store after the create may have queued it already.
    if (this.leads && !this.queue.includes(record.task_id)) {
      this.queue.push(record.task_id);
      queueMicrotask(() => void this.pump());
    }
    // Exactly the hosted service's POST body; `get()` adds the local fields.
    return { data: { task_id: record.task_id, status: 'CREATED', generated: [] } };
  }

  /** The task as the hosted API returns it, plus local fields. Rejects `not_found` for an unknown id. */
  async get(taskId: string): Promise<TaskResponse> {
    await this.ready;
    const record = this.record(taskId);
    const data = this.shape(record);
    if (record.status === 'COMPLETED') {
      const urls = await this.objectUrls(record);
      data.generated = urls;
      data.images = record.outputs.map(
        (o, i): GeneratedImage => ({
          url: urls[i],
          // The prompt the model used (magic_prompt, style words), or the request's.
          prompt: o.prompt ?? record.request.prompt,
          resolution: `${o.width}x${o.height}`,
          seed: o.seed,
          is_image_safe: true,
          ...(record.request.style_type ? { style_type: record.request.style_type } : {}),
        }),
      );
    }
    return { data };
  }

  /** Every task, newest first. */
  async list(): Promise<{ data: { task_id: string; status: TaskStatus }[] }> {
    await this.ready;
    const all = [...this.records.values()].sort((a, b) => b.seq - a.seq);
    return { data: all.map((r) => ({ task_id: r.task_id, status: r.status })) };
  }

  /** Resolves with the final `get()` shape (COMPLETED or FAILED). The signal stops waiting, not the task. */
  async wait(taskId: string, options: WaitOptions = {}): Promise<TaskResponse> {
    await this.ready;
    const record = this.record(taskId);
    if (!FINAL.has(record.status)) {
      // One controller removes both listeners in `finally`, whether the task ends or
      // the caller stops waiting (`abortable` rejects on the caller's signal).
      const listening = new AbortController();
      try {
        await abortable(
          options.signal,
          new Promise<void>((resolve) => {
            this.addEventListener(
              'progress',
              (e) => {
                if (e.detail.task_id === taskId) options.onProgress?.(e.detail.progress, e.detail.event);
              },
              { signal: listening.signal },
            );
            this.addEventListener(
              'status',
              (e) => {
                if (e.detail.task_id === taskId && FINAL.has(e.detail.status)) resolve();
              },
              { signal: listening.signal },
            );
          }),
        );
      } finally {
        listening.abort();
      }
    }
    options.onProgress?.(record.progress);
    return this.get(taskId);
  }

  /**
   * Ends a queued or running task as FAILED with code `canceled`, at once. A
   * running task is asked to stop at its next step and keeps the worker (and
   * its loaded models); a worker that has not stopped within `cancelGraceMs`
   * is terminated. The next task starts after that. No-op on a finished task.
   *
   * @example
   * const { data } = await client.cancel(taskId); // data.status === 'FAILED', data.error.code === 'canceled'
   */
  async cancel(taskId: string): Promise<TaskResponse> {
    await this.ready;
    const record = this.record(taskId);
    if (FINAL.has(record.status)) return this.get(taskId);
    if (!this.leads) {
      // Another tab runs the queue: it cancels, and the change comes back through the channel.
      this.tabs!.post({ type: 'cancel', task_id: taskId });
      return this.wait(taskId);
    }
    const queued = this.queue.indexOf(taskId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      await this.fail(record, new InpaintError('canceled', 'The task was canceled before it started.'));
    } else if (this.running?.taskId === taskId) {
      this.running.controller.abort(new DOMException('The task was canceled.', 'AbortError'));
      return this.wait(taskId);
    }
    return this.get(taskId);
  }

  /** Removes a finished task and its images from the store. */
  async delete(taskId: string): Promise<void> {
    await this.ready;
    const record = this.record(taskId);
    if (!FINAL.has(record.status)) await this.cancel(taskId);
    for (const url of this.urls.get(taskId) ?? []) URL.revokeObjectURL(url);
    this.urls.delete(taskId);
    this.records.delete(taskId);
    await this.store.delete(taskId);
    this.tabs?.post({ type: 'deleted', task_id: taskId });
  }

  /** Model weight files in the worker's IndexedDB cache (complete, or partial downloads to resume). */
  listCachedModels() {
    return this.bridge.invoke((w) => w.listCachedModels());
  }

  /**
   * Ids of the models whose every weight file is cached for this client (its `modelFiles` and
   * `modelBaseUrl` included): the models that run offline, and that automatic routing may pick.
   * The built-in fill needs no files and is never listed.
   *
   * @example
   * if (!(await client.cachedModelIds()).includes('sd-turbo')) console.log('the first SD-Turbo task downloads ≈ 2.6 GB');
   */
  cachedModelIds() {
    return this.bridge.invoke((w) => w.cachedModelIds(this.options.modelFiles, this.options.modelBaseUrl));
  }

  /** Bytes held by the weight cache, with the origin's quota and usage when the browser reports them. */
  cacheUsage() {
    return this.bridge.invoke((w) => w.cacheUsage());
  }

  /** Evicts a model's weights by model id or file URL; resolves with the bytes freed. */
  evictModel(target: string) {
    return this.bridge.invoke((w) => w.evictModel(target));
  }

  /**
   * Imports a weight file the user already has (the path for offline machines),
   * verified against the model's manifest (size, sha256) before it is stored.
   * Rejects with `model_integrity` for a different file.
   *
   * @example
   * await client.importModel('migan', fileInput.files[0]);
   */
  async importModel(modelId: string, file: Blob) {
    // Only a page can ask for persistent storage (workers have no persist()).
    await navigator.storage?.persist?.().catch(() => false);
    return this.bridge.invoke((w) => w.importModel(modelId, file, this.options.modelFiles, this.options.modelBaseUrl));
  }

  /**
   * Which registered models this device can run, known before any download: per model
   * `{ model, runnable, reason?, details, bytes }`, where `reason` is one plain sentence for a
   * person ("needs a graphics card with 16-bit float support") and `details` the technical
   * findings per backend (WebGPU's shader-f16 and buffer limits, memory), for this client's
   * backend preference and weight files. Probed once per client, in the worker.
   *
   * @example
   * const turbo = (await client.deviceSupport()).models.find((m) => m.model === 'sd-turbo');
   * if (!turbo?.runnable) console.log(`SD-Turbo ${turbo?.reason}`);
   */
  deviceSupport(): Promise<DeviceSupport> {
    const pending = (this.support ??= this.bridge.invoke((w) => w.deviceSupport(this.options.backend, this.options.modelFiles, this.options.modelBaseUrl)));
    // A failed probe (a crashed or disposed worker) must not stick: the next call asks again.
    pending.catch(() => {
      if (this.support === pending) this.support = undefined;
    });
    return pending;
  }

  /**
   * Downloads a model's weights into the cache now, ahead of its first task, so it runs offline
   * and automatic routing picks it. Progress arrives as `download {loaded,total,overall}` events;
   * aborting `signal` stops the download (what arrived is kept for a resume) and rejects with its
   * AbortError. Asks the browser for persistent storage first. A model this device cannot run
   * (`deviceSupport()`) is refused before any request with `backend_unavailable`, whose message
   * starts with the plain reason and whose `details` carry the findings.
   * Runs in the worker's queue: a task submitted meanwhile waits for it.
   *
   * @example
   * const controller = new AbortController();
   * await client.downloadModel('migan', { signal: controller.signal, onProgress: (e) => e.status === 'download' && console.log(e.loaded, e.total) });
   */
  async downloadModel(modelId: string, options: { signal?: AbortSignal; onProgress?: ProgressCallback } = {}): Promise<{ model: string; files: number; bytes: number }> {
    // Only a page can ask for persistent storage (workers have no persist()).
    await navigator.storage?.persist?.().catch(() => false);
    return this.bridge.invokeCancellable(
      (w, onProgress, cancel) => w.downloadModel(modelId, this.options.backend, this.options.modelFiles, this.options.modelBaseUrl, onProgress, cancel),
      options,
    );
  }

  /**
   * Releases every model the worker holds loaded (ORT sessions and their weights in memory);
   * the next task loads its model again, from the weight cache. `dispose()` frees them too.
   * Resolves with the session keys released.
   *
   * @example
   * await client.releaseModels(); // e.g. when the editor is hidden
   */
  releaseModels(): Promise<string[]> {
    return this.bridge.invoke((w) => w.releaseModels());
  }

  /**
   * What the worker sees: the backend probe (WebGPU adapter, software or not), whether its WebGPU device is
   * ready or was lost, and the ORT sessions loaded now with their weight bytes.
   *
   * @example
   * const { probe, sessions } = await client.diagnostics();
   */
  diagnostics() {
    return this.bridge.invoke((w) => w.diagnostics());
  }

  /**
   * Prepares the worker for the next task in idle time: starts it, loads ORT and
   * compiles its `.wasm`, builds the built-in graph and creates its session, and
   * creates the session of the cached learned model a task at `rendering_speed`
   * would be routed to; then rehearses one task through the same path, at
   * `width`×`height` (the next image's size, scaled to 2048 px on its longer
   * side; 64×48 without them), so that the codecs, ORT's first run and heap and
   * the JIT are warm too. Never downloads anything. Runs beside the task queue and
   * stops between its steps as soon as a task runs, so a task submitted meanwhile
   * waits at most for the one session creation in progress (which it may need anyway).
   * Resolves with the sessions loaded, whether it yielded, and what could not be
   * warmed (never rejects for a model problem: the next task reports that).
   *
   * @example
   * requestIdleCallback(() => void client.warmup({ rendering_speed: 'DEFAULT', width: 1400, height: 933 }));
   * @throws InpaintError `invalid_request` (rejects) naming `width` or `height` when one is given and is not an integer from 1 to 65535
   */
  warmup(options: { rendering_speed?: RenderingSpeed; output_format?: OutputFormat; width?: number; height?: number } = {}): Promise<WarmupResult> {
    const { width, height } = options;
    if (width !== undefined || height !== undefined) {
      const bad = (['width', 'height'] as const).filter((k) => !Number.isInteger(options[k]) || options[k]! < 1 || options[k]! > 65535);
      if (bad.length) {
        return Promise.reject(
          InpaintError.invalidRequest(bad.map((name) => ({ name, reason: `must be an integer from 1 to 65535 (the next image's size; give both or neither), got ${String(options[name])}` }))),
        );
      }
    }
    return this.bridge.beside((w) =>
      w.warmup({
        renderingSpeed: options.rendering_speed ?? 'DEFAULT',
        outputFormat: options.output_format,
        size: width !== undefined ? { width, height: height! } : undefined,
        backend: this.options.backend,
        modelFiles: this.options.modelFiles,
        modelBaseUrl: this.options.modelBaseUrl,
        ortWasmUrls: ORT_WASM_URLS,
      }),
    );
  }

  /**
   * Whether this client runs the queue. Clients on the same origin and database (other tabs) share
   * one queue, and only one of them runs it at a time; the others mirror its tasks' status and
   * progress, and one of them takes over when it closes. Always true for a client that does not
   * share (`persist: false`, `resume: false`, or a browser without Web Locks).
   */
  get isQueueLeader(): boolean {
    return this.leads;
  }

  /** How many tasks this client has sent to its worker (a task cut off by a closed tab runs again in the next leader). */
  get tasksRun(): number {
    return this.runs;
  }

  /** How many times a worker was started (a crash restarts it, and so does a cancel that outlasts `cancelGraceMs`). */
  get workerStarts(): number {
    return this.bridge.starts;
  }

  /**
   * Stops the worker for good and closes the store. Unfinished tasks stay persisted and resume next time;
   * worker calls still queued (e.g. a `cachedModelIds()` behind a running task) or made later reject with an AbortError.
   */
  dispose(): void {
    this.disposed = true;
    this.tabs?.dispose();
    this.running?.controller.abort(new DOMException('The client was disposed.', 'AbortError'));
    this.bridge.dispose();
    this.webhooks.dispose();
    for (const urls of this.urls.values()) urls.forEach((u) => URL.revokeObjectURL(u));
    this.urls.clear();
    void this.ready.then(() => this.store.close(), () => {});
  }

  override addEventListener<K extends keyof InpaintClientEventMap>(
    type: K,
    listener: ((ev: InpaintClientEventMap[K]) => void) | EventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  private async init(): Promise<void> {
    this.store = this.options.persist ? await IdbTaskStore.open(this.options.dbName, this.options.indexedDB) : new MemoryTaskStore();
    const all = (await this.store.all()).sort((a, b) => a.seq - b.seq);
    for (const r of all) {
      this.records.set(r.task_id, r);
      this.seq = Math.max(this.seq, r.seq);
    }
    if (!this.options.resume || !this.options.persist || this.disposed) return;
    // Leadership may come at once or when another tab closes; `ready` does not wait for it.
    this.tabs = new TabQueue(this.options.dbName, {
      lead: () => void this.takeOver().catch((err) => console.warn('[local-inpaint] could not take over the queue', err)),
      message: (m) => void this.onTabMessage(m).catch((err) => console.warn('[local-inpaint] could not mirror a task change', err)),
    });
  }

  /** True when this client runs the queue (always, when it shares it with no other tab). */
  private get leads(): boolean {
    return this.tabs ? this.tabs.leader : true;
  }

  /**
   * This client now holds the queue: queue every unfinished task in the store, in submission
   * order, including those other tabs submitted and those a closed leader was running.
   */
  private async takeOver(): Promise<void> {
    await this.ready;
    const all = (await this.store.all()).sort((a, b) => a.seq - b.seq);
    for (const r of all) {
      if (this.disposed || !this.leads) return;
      this.seq = Math.max(this.seq, r.seq);
      if (FINAL.has(r.status) || this.queue.includes(r.task_id) || this.running?.taskId === r.task_id) {
        if (!this.records.has(r.task_id)) this.records.set(r.task_id, r);
        continue;
      }
      const known = this.records.get(r.task_id);
      const record = known ?? r;
      Object.assign(record, r);
      this.records.set(r.task_id, record);
      if (record.status === 'IN_PROGRESS') {
        // The page that ran it is gone; it starts over from the persisted inputs.
        record.status = 'CREATED';
        record.progress = 0;
        // A full disk must not stop the takeover (every later task would wait for ever): the task
        // runs anyway, and ends FAILED with cache_quota if its result cannot be stored either.
        await this.store.update(record).catch((err) => console.warn('[local-inpaint] could not persist task', record.task_id, err));
        this.tabs?.post({ type: 'changed', task_id: record.task_id });
        if (known) await this.notify(record, false);
      } else if (!known) {
        await this.notify(record, false);
      }
      if (!this.queue.includes(record.task_id)) this.queue.push(record.task_id);
    }
    void this.pump();
  }

  /** Another tab changed a task: mirror it here (and queue it, when this client leads). */
  private async onTabMessage(m: TabMessage): Promise<void> {
    await this.ready;
    if (this.disposed) return;
    const known = this.records.get(m.task_id);
    switch (m.type) {
      case 'changed': {
        // This client's own running task is written by this client only.
        if (this.running?.taskId === m.task_id) return;
        const r = await this.store.get(m.task_id);
        if (!r) return;
        this.seq = Math.max(this.seq, r.seq);
        const record = known ?? r;
        const changed = !known || known.status !== r.status;
        Object.assign(record, r);
        this.records.set(r.task_id, record);
        if (changed) await this.notify(record, false);
        if (this.leads && record.status === 'CREATED' && !this.queue.includes(record.task_id)) {
          this.queue.push(record.task_id);
          void this.pump();
        }
        return;
      }
      case 'progress':
        if (!known || this.leads) return;
        known.progress = m.progress;
        this.dispatchEvent(new CustomEvent('progress', { detail: { task_id: m.task_id, progress: m.progress, event: m.event } }));
        return;
      case 'cancel':
        if (known && this.leads) await this.cancel(m.task_id);
        return;
      case 'deleted':
        for (const url of this.urls.get(m.task_id) ?? []) URL.revokeObjectURL(url);
        this.urls.delete(m.task_id);
        this.records.delete(m.task_id);
        return;
    }
  }

  private async pump(): Promise<void> {
    if (this.running || this.disposed || !this.leads) return;
    const taskId = this.queue.shift();
    if (!taskId) return;
    const controller = new AbortController();
    this.running = { taskId, controller };
    try {
      await this.execute(taskId, controller.signal);
    } finally {
      this.running = undefined;
      if (!this.disposed) void this.pump();
    }
  }

  private async execute(taskId: string, signal: AbortSignal): Promise<void> {
    const record = this.records.get(taskId);
    // Gone, or finished while it waited (cancelled through another tab, or run by an earlier leader).
    if (!record || FINAL.has(record.status)) return;
    const inputs = await this.store.inputs(taskId);
    if (!inputs) {
      await this.fail(record, new InpaintError('invalid_request', 'The task has no stored inputs; submit it again.'));
      return;
    }
    await this.transition(record, 'IN_PROGRESS');
    this.runs++;
    const progressOf = progressTracker();
    const onProgress: ProgressCallback = (event) => {
      // The tracker never goes back, and a task starts its run at 0.
      record.progress = progressOf(event);
      this.dispatchEvent(new CustomEvent('progress', { detail: { task_id: taskId, progress: record.progress, event } }));
      this.tabs?.post({ type: 'progress', task_id: taskId, progress: record.progress, event });
    };
    let result: InpaintJobResult;
    try {
      result = await this.bridge.run(
        {
          taskId,
          ...jobRequest(record.request, inputs),
          modelFiles: this.options.modelFiles,
          modelBaseUrl: this.options.modelBaseUrl,
          ortWasmUrls: ORT_WASM_URLS,
          ...(this.options.modelMemoryBudgetBytes !== undefined ? { sessionBudgetBytes: this.options.modelMemoryBudgetBytes } : {}),
        },
        { signal, onProgress },
      );
    } catch (err) {
      if (this.disposed) return; // stays IN_PROGRESS in the store and resumes on the next load
      const error = isAbortError(err)
        ? new InpaintError('canceled', 'The task was canceled while running.')
        : err instanceof InpaintError
          ? err
          : new InpaintError('inference', `Inference failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
      await this.fail(record, error);
      return;
    }
    record.outputs = result.images.map((i) => ({
      seed: i.seed,
      width: i.width,
      height: i.height,
      mime: i.blob.type,
      ...(i.prompt !== undefined ? { prompt: i.prompt } : {}),
    }));
    record.backend = result.backend;
    record.model = result.model;
    record.model_note = result.modelNote;
    record.fallbacks = result.fallbacks;
    record.timings = result.timings;
    record.progress = 1;
    await this.transition(
      record,
      'COMPLETED',
      result.images.map((i) => i.blob),
    );
  }

  private async fail(record: TaskRecord, error: InpaintError): Promise<void> {
    record.error = { code: error.code, message: error.message };
    await this.transition(record, 'FAILED');
  }

  private async transition(record: TaskRecord, status: TaskStatus, outputs?: Blob[]): Promise<void> {
    record.status = status;
    record.updated_at = new Date().toISOString();
    try {
      await this.store.update(record, outputs);
    } catch (err) {
      if (outputs) {
        // A result that is not stored is not COMPLETED: other tabs would see it running for ever,
        // and a reload would find no images. It fails with a typed error, stored if anything still fits.
        const error = storageError(err, `the ${outputs.length} result image(s)`, record.task_id);
        outputs = undefined;
        record.status = 'FAILED';
        record.outputs = [];
        record.error = { code: error.code, message: error.message };
        try {
          await this.store.update(record);
        } catch (again) {
          // Storage refuses even the record: FAILED here; a reload re-runs the task.
          console.warn('[local-inpaint] could not persist the failure of task', record.task_id, again);
        }
      } else {
        // A status change that is not stored (IN_PROGRESS, FAILED) is still right in this page.
        console.warn('[local-inpaint] could not persist task', record.task_id, err);
      }
    }
    // URLs straight from the blobs in hand (no read-back from IndexedDB), once they are stored.
    if (outputs) this.urls.set(record.task_id, outputs.map((b) => URL.createObjectURL(b)));
    this.tabs?.post({ type: 'changed', task_id: record.task_id });
    await this.notify(record);
  }

  /**
   * Fires `status`; `webhook` is false for a change mirrored from another tab (the tab that made
   * the change delivers its webhook, so each is delivered once).
   */
  private async notify(record: TaskRecord, webhook = true): Promise<void> {
    const generated = record.status === 'COMPLETED' ? await this.objectUrls(record) : [];
    const payload: WebhookPayload = { task_id: record.task_id, status: record.status, generated };
    this.dispatchEvent(new CustomEvent('status', { detail: payload }));
    if (webhook && record.request.webhook_url) this.webhooks.dispatch(record.request.webhook_url, await this.webhookPayload(record, payload));
  }

  /** The payload for the receiver: with `webhook.images: 'data-url'`, a completed task's images inline. */
  private async webhookPayload(record: TaskRecord, payload: WebhookPayload): Promise<WebhookPayload> {
    const { images = 'url', maxImageBytes = DEFAULT_WEBHOOK_MAX_IMAGE_BYTES } = this.options.webhook ?? {};
    if (images !== 'data-url' || record.status !== 'COMPLETED') return payload;
    try {
      const blobs = await Promise.all(payload.generated.map(async (url) => (await fetch(url)).blob()));
      return await inlineImages(payload, blobs, maxImageBytes);
    } catch (err) {
      // Delivery never changes the task: say what happened and send the URLs.
      return { ...payload, generated_note: `the images could not be inlined (${(err as Error)?.message ?? String(err)}); generated holds blob: URLs` };
    }
  }

  private record(taskId: string): TaskRecord {
    const r = this.records.get(taskId);
    if (!r) throw new InpaintError('not_found', `No task with id "${taskId}". Use list() to see the known task ids.`);
    return r;
  }

  private async objectUrls(record: TaskRecord): Promise<string[]> {
    const cached = this.urls.get(record.task_id);
    if (cached) return cached;
    // After a reload: recreate the URLs from the persisted outputs.
    const blobs = (await this.store.outputs(record.task_id)) ?? [];
    const urls = blobs.map((b) => URL.createObjectURL(b));
    this.urls.set(record.task_id, urls);
    return urls;
  }

  private shape(record: TaskRecord): TaskData {
    return {
      task_id: record.task_id,
      status: record.status,
      generated: [],
      progress: record.progress,
      images: [],
      ...(record.error ? { error: record.error } : {}),
      created_at: record.created_at,
      updated_at: record.updated_at,
      ...(record.backend ? { backend: record.backend } : {}),
      ...(record.model ? { model: record.model } : {}),
      ...(record.model_note ? { model_note: record.model_note } : {}),
      ...(record.fallbacks?.length ? { fallbacks: record.fallbacks } : {}),
      ...(record.timings ? { timings: record.timings } : {}),
    };
  }
}
