/**
 * The worker behind an `InpaintClient`, for this project's own tests and
 * benchmarks (e.g. destroying the WebGPU device to exercise the WASM retry).
 * Not exported from src/index.ts: hooks like these are not the public API.
 */
import type { Remote } from 'comlink';
import type { InpaintWorkerApi } from '../../workers/api';
import type { WorkerBridge } from './worker-bridge';

const bridges = new WeakMap<object, WorkerBridge>();

/** Called by the client's constructor. */
export function registerWorker(client: object, bridge: WorkerBridge): void {
  bridges.set(client, bridge);
}

/**
 * Calls the worker of `client` through its bridge (same queue, abort and crash handling as the client's own calls).
 *
 * @example
 * await callWorker(client, (w) => w.loseWebgpuDevice());
 */
export function callWorker<T>(client: object, fn: (remote: Remote<InpaintWorkerApi>) => Promise<T>): Promise<T> {
  const bridge = bridges.get(client);
  if (!bridge) throw new TypeError('callWorker: not an InpaintClient');
  return bridge.invoke(fn);
}

/**
 * Calls the worker of `client` beside its queue (`WorkerBridge.beside`): the call
 * reaches the worker while a task runs, at the task's next checkpoint.
 *
 * @example
 * await callWorkerBeside(client, (w) => w.loseWebgpuDevice()); // in the middle of a task's steps
 */
export function callWorkerBeside<T>(client: object, fn: (remote: Remote<InpaintWorkerApi>) => Promise<T>): Promise<T> {
  const bridge = bridges.get(client);
  if (!bridge) throw new TypeError('callWorkerBeside: not an InpaintClient');
  return bridge.beside(fn);
}
