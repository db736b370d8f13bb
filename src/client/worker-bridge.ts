import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { InpaintWorkerApi } from '../../workers/api';
import type { InpaintJob, InpaintJobResult } from '../../workers/pipelines/contract';
import { openCancelChannel } from '../shared/cancel-channel';
import { absoluteUrl } from '../shared/absolute-url';
import { abortable } from '../shared/abortable';
import { InpaintError, abortReason } from '../shared/errors';
import type { Progress, ProgressCallback } from '../shared/progress';
import { installTransferHandlers } from '../shared/transfer-handlers';
import workerUrl from '../../workers/inpaint.worker.ts?worker&url';

export type WorkerFactory = () => Worker;

export const defaultWorkerFactory: WorkerFactory = () => {
  // `?worker&url`: Vite bundles the worker and gives its URL (relative to this
  // module in the library build), so we can check its origin before starting it.
  const url = new URL(absoluteUrl(workerUrl));
  const options: WorkerOptions = { type: 'module', name: 'local-inpaint' };
  if (typeof location === 'undefined' || url.origin === location.origin) return new Worker(url, options);
  // A worker script must be same-origin; when the library is served from a CDN,
  // start a same-origin blob module that imports it (the host must allow CORS).
  // Inside, import.meta.url is still the CDN URL, so the .wasm resolves there.
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' }));
  try {
    return new Worker(shim, options);
  } finally {
    setTimeout(() => URL.revokeObjectURL(shim), 60_000);
  }
};

/** Re-exported for the client, which races its waits the same way. */
export { abortable };

/** How long an aborted call's worker work may take to stop before the worker is terminated. */
export const DEFAULT_CANCEL_GRACE_MS = 5000;

export interface WorkerBridgeOptions {
  /**
   * Milliseconds an aborted call's work in the worker may take to stop by
   * itself (a diffusion job stops at its next step) before the worker is
   * terminated. Default 5000; 0 terminates at once; Infinity never does.
   */
  cancelGraceMs?: number;
}

/** How a worker ended: it crashed (`worker_crashed`), or the bridge terminated it (a grace period ran out, or `terminate()`). */
type End = { crashed: InpaintError } | { stopped: true };

interface Live {
  worker: Worker;
  remote: Remote<InpaintWorkerApi>;
  /** Set once the worker has ended; the first end wins (a crash, then the terminate it causes). */
  ended?: End;
  /**
   * One listener per call in flight, told when the worker ends. Per call and
   * removed when the call settles, rather than one promise for the worker's
   * life: a race against a long-lived pending promise keeps every call's result
   * (and its image Blobs) reachable until the worker dies.
   */
  watchers: Set<(end: End) => void>;
}

/** Marks the worker ended and tells every call in flight (no-op once ended). */
function endLive(live: Live, end: End): void {
  if (live.ended) return;
  live.ended = end;
  for (const watcher of live.watchers) watcher(end);
  live.watchers.clear();
}

/** One call's work in the worker, and how to ask it to stop. */
interface Started<T> {
  work: Promise<T>;
  /** Asks the worker's side to stop (a run's cancel channel); absent for calls that cannot be asked. */
  cancel?(message: string): void;
  /** Called once the worker's side has settled, or the worker is gone. */
  finish?(): void;
}

const noop = () => {};

/**
 * The client's side of the worker boundary (after Squoosh's worker-bridge):
 * one queue; every call takes an AbortSignal and is raced against it and
 * against worker death, so a crashed worker can never hang a caller.
 *
 * Aborting a call rejects its caller at once. A `run` is also told to stop
 * over its cancel channel (src/shared/cancel-channel.ts); the pipelines stop at
 * their next step, so the worker and its loaded sessions are kept. Only if the
 * worker's side has not settled within `cancelGraceMs` (a WASM kernel cannot be
 * interrupted) is the worker terminated; the next call then starts a fresh one.
 * Either way the next queued call starts only after that settle-or-terminate,
 * so two calls never run in the worker at once.
 */
export class WorkerBridge {
  private live?: Live;
  /** Resolves when the last queued call has finished with the worker. */
  private queue: Promise<void> = Promise.resolve();
  private readonly cancelGraceMs: number;
  private disposed = false;
  /** How many workers were started: a restart after a crash or a cancel that timed out shows here. */
  starts = 0;

  constructor(
    private readonly factory: WorkerFactory = defaultWorkerFactory,
    options: WorkerBridgeOptions = {},
  ) {
    const grace = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
    if (typeof grace !== 'number' || Number.isNaN(grace) || grace < 0) {
      throw InpaintError.invalidRequest([
        { name: 'cancelGraceMs', reason: `must be a number of milliseconds ≥ 0 (0 terminates at once, Infinity never), got ${String(grace)}` },
      ]);
    }
    this.cancelGraceMs = grace;
    installTransferHandlers();
  }

  /**
   * Runs one job in the worker. `onProgress` is not called after `signal` aborts.
   *
   * @example
   * const controller = new AbortController();
   * const result = await bridge.run(job, { signal: controller.signal, onProgress: (p) => console.log(p.status) });
   */
  run(job: InpaintJob, options: { signal?: AbortSignal; onProgress?: ProgressCallback } = {}): Promise<InpaintJobResult> {
    const { signal, onProgress } = options;
    return this.enqueue(signal, (live) => {
      const channel = openCancelChannel();
      // Events still in flight when the caller gave up are not the caller's any more.
      const report = (p: Progress) => {
        if (!signal?.aborted) onProgress?.(p);
      };
      const work = live.remote.run(job, proxy(report), transfer(channel.port, [channel.port])) as Promise<InpaintJobResult>;
      return { work, cancel: (message) => channel.cancel(message), finish: () => channel.close() };
    });
  }

  /**
   * Calls any other worker method through the queue (diagnostics, cache
   * management). Such a call cannot be asked to stop: after an abort it gets
   * the grace period to finish, then the worker is terminated.
   *
   * @example
   * const usage = await bridge.invoke((w) => w.cacheUsage(), signal);
   */
  invoke<T>(fn: (remote: Remote<InpaintWorkerApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.enqueue(signal, (live) => ({ work: fn(live.remote) }));
  }

  /**
   * Calls a worker method that reports progress and can be asked to stop, like `run` (a model
   * download): `fn` passes the proxied progress callback and the transferred cancel port on.
   * An abort asks the worker's side to stop over the port; past the grace period the worker is terminated.
   *
   * @example
   * await bridge.invokeCancellable((w, progress, port) => w.downloadModel('migan', 'auto', undefined, undefined, progress, port), { signal });
   */
  invokeCancellable<T>(
    fn: (remote: Remote<InpaintWorkerApi>, onProgress: ProgressCallback, cancel: MessagePort) => Promise<T>,
    options: { signal?: AbortSignal; onProgress?: ProgressCallback } = {},
  ): Promise<T> {
    const { signal, onProgress } = options;
    return this.enqueue(signal, (live) => {
      const channel = openCancelChannel();
      const report = (p: Progress) => {
        if (!signal?.aborted) onProgress?.(p);
      };
      const work = fn(live.remote, proxy(report), transfer(channel.port, [channel.port]));
      return { work, cancel: (message) => channel.cancel(message), finish: () => channel.close() };
    });
  }

  /**
   * Calls a worker method beside the queue: it neither waits for the queued
   * calls nor holds them up (warm-up, which the worker itself stops as soon as
   * a task runs). Raced against worker death like every call; not abortable.
   *
   * @example
   * const warmed = await bridge.beside((w) => w.warmup(request));
   */
  beside<T>(fn: (remote: Remote<InpaintWorkerApi>) => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new DOMException('The inpainting worker was disposed.', 'AbortError'));
    let live: Live;
    try {
      live = this.ensure();
    } catch (err) {
      return Promise.reject(err);
    }
    let watcher: ((end: End) => void) | undefined;
    const lost = new Promise<never>((_, reject) => {
      const fail = (end: End) => reject('crashed' in end ? end.crashed : new DOMException('The inpainting worker was stopped.', 'AbortError'));
      if (live.ended) fail(live.ended);
      else live.watchers.add((watcher = fail));
    });
    return Promise.race([fn(live.remote), lost]).finally(() => {
      if (watcher) live.watchers.delete(watcher);
    });
  }

  /**
   * Stops the worker for good: the running call and every call still queued
   * or made later reject with an AbortError, and no worker is started again.
   * (After `terminate()` the next call would start a new worker.)
   */
  dispose(): void {
    this.disposed = true;
    this.terminate();
  }

  /** Stops the worker now; a call running in it rejects, and the next call starts a new one. */
  terminate(): void {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    endLive(live, { stopped: true });
    live.remote[releaseProxy]();
    live.worker.terminate();
  }

  private enqueue<T>(signal: AbortSignal | undefined, start: (live: Live) => Started<T>): Promise<T> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    // Waiting for the turn is raced against the signal too: a queued call that
    // is aborted rejects at once and gives its turn up unused.
    return abortable(signal, previous).then(
      () => this.call(signal, start, release),
      (err: unknown) => {
        void previous.then(release);
        throw err;
      },
    );
  }

  private call<T>(signal: AbortSignal | undefined, start: (live: Live) => Started<T>, release: () => void): Promise<T> {
    let live: Live;
    let started: Started<T>;
    try {
      if (signal?.aborted) throw abortReason(signal);
      if (this.disposed) throw new DOMException('The inpainting worker was disposed.', 'AbortError');
      live = this.ensure();
      started = start(live);
    } catch (err) {
      release();
      return Promise.reject(err);
    }
    // The worker's side is over once it answers, dies, or is terminated.
    let watcher!: (end: End) => void;
    const ended = new Promise<End>((resolve) => {
      if (live.ended) resolve(live.ended);
      else live.watchers.add((watcher = resolve));
    });
    let settled = false;
    const workerDone = Promise.race([started.work, ended]).then(noop, noop);
    void workerDone.then(() => {
      settled = true;
      started.finish?.();
    });
    const onAbort = () => started.cancel?.(abortMessage(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const lost = ended.then((end): never => {
      throw 'crashed' in end ? end.crashed : new DOMException('The inpainting worker was stopped.', 'AbortError');
    });
    const result = abortable(signal, Promise.race([started.work, lost]));
    // The turn ends when the worker's side is over: at once for a settled call,
    // after the grace period (or a terminate) for an aborted one.
    void result
      .then(noop, async () => {
        if (!signal?.aborted || settled) return;
        if (this.cancelGraceMs > 0 && (await within(workerDone, this.cancelGraceMs))) return;
        if (this.live === live) this.terminate();
      })
      .finally(() => {
        signal?.removeEventListener('abort', onAbort);
        // Only once the worker's side is over too: a kept worker may still end during the grace period.
        void workerDone.then(() => live.watchers.delete(watcher));
        release();
      });
    return result;
  }

  private ensure(): Live {
    if (this.live) return this.live;
    let worker: Worker;
    try {
      worker = this.factory();
    } catch (err) {
      throw new InpaintError('worker_crashed', `Could not start the inpainting worker: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
    this.starts++;
    const live: Live = { worker, remote: wrap<InpaintWorkerApi>(worker), watchers: new Set() };
    const crash = (detail: string) => {
      // End first: a call must see the crash, not the terminate that follows it.
      endLive(live, { crashed: new InpaintError('worker_crashed', `The inpainting worker crashed (${detail}); it has been restarted.`) });
      if (this.live === live) this.terminate();
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      crash(e.message || 'uncaught error');
    });
    worker.addEventListener('messageerror', () => crash('a message could not be deserialised'));
    this.live = live;
    return live;
  }
}

/** The message the worker's AbortError carries. */
function abortMessage(signal: AbortSignal): string {
  const reason = signal.reason as { message?: unknown } | undefined;
  return typeof reason?.message === 'string' && reason.message ? reason.message : 'The operation was aborted.';
}

/** setTimeout runs a longer delay at once (the delay is a 32-bit signed integer). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** True if `promise` settles within `ms`, false if the time runs out first (never past `MAX_TIMER_MS`, e.g. Infinity). */
function within(promise: Promise<void>, ms: number): Promise<boolean> {
  if (ms > MAX_TIMER_MS) return promise.then(() => true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
