import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { InpaintJob, InpaintJobResult, InpaintWorkerApi } from '../../workers/api';
import { InpaintError, abortReason } from '../shared/errors';
import type { ProgressCallback } from '../shared/progress';
import { installTransferHandlers } from '../shared/transfer-handlers';
import workerUrl from '../../workers/inpaint.worker.ts?worker&url';

export type WorkerFactory = () => Worker;

export const defaultWorkerFactory: WorkerFactory = () => {
  // `?worker&url`: Vite bundles the worker and gives its URL (relative to this
  // module in the library build), so we can check its origin before starting it.
  const url = new URL(workerUrl, import.meta.url);
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

/** Rejects with the signal's reason when it aborts (Squoosh `abortable`). */
export function abortable<T>(signal: AbortSignal | undefined, promise: Promise<T>): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

interface Live {
  worker: Worker;
  remote: Remote<InpaintWorkerApi>;
  /** Rejects with `worker_crashed` when the worker dies. */
  died: Promise<never>;
}

/**
 * The client's side of the worker boundary (after Squoosh's worker-bridge):
 * one queue; every call takes an AbortSignal and is raced against it and
 * against worker death, so a crashed worker can never hang a caller. Aborting
 * terminates the worker, which is the only way to stop a running WASM kernel;
 * the next call starts a fresh one.
 */
export class WorkerBridge {
  private live?: Live;
  private queue: Promise<unknown> = Promise.resolve();
  /** How many workers were started: a restart after a crash shows here. */
  starts = 0;

  constructor(private readonly factory: WorkerFactory = defaultWorkerFactory) {
    installTransferHandlers();
  }

  run(job: InpaintJob, options: { signal?: AbortSignal; onProgress?: ProgressCallback } = {}): Promise<InpaintJobResult> {
    return this.enqueue(options.signal, (live) => {
      const onProgress = options.onProgress ?? (() => {});
      return live.remote.run(job, proxy(onProgress)) as Promise<InpaintJobResult>;
    });
  }

  /** Calls any other worker method through the queue (diagnostics, cache management). */
  invoke<T>(fn: (remote: Remote<InpaintWorkerApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.enqueue(signal, (live) => fn(live.remote));
  }

  /** Stops the worker now; the next call starts a new one. */
  terminate(): void {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    live.remote[releaseProxy]();
    live.worker.terminate();
  }

  private enqueue<T>(signal: AbortSignal | undefined, call: (live: Live) => Promise<T>): Promise<T> {
    const task = this.queue.then(() => this.call(signal, call));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async call<T>(signal: AbortSignal | undefined, call: (live: Live) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw abortReason(signal);
    const live = this.ensure();
    try {
      return await abortable(signal, Promise.race([call(live), live.died]));
    } catch (err) {
      // Aborted mid-run: the worker may be deep in a kernel; kill it.
      if (signal?.aborted && this.live === live) this.terminate();
      throw err;
    }
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
    let live!: Live;
    const died = new Promise<never>((_, reject) => {
      const crash = (detail: string) => {
        if (this.live === live) this.terminate();
        reject(new InpaintError('worker_crashed', `The inpainting worker crashed (${detail}); it has been restarted.`));
      };
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        crash(e.message || 'uncaught error');
      });
      worker.addEventListener('messageerror', () => crash('a message could not be deserialised'));
    });
    died.catch(() => undefined);
    live = { worker, remote: wrap<InpaintWorkerApi>(worker), died };
    this.live = live;
    return live;
  }
}
