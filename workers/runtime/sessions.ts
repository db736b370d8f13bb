import type { Backend } from '../../src/shared/progress';
import { InpaintError } from '../../src/shared/errors';
import { ort, runtimeFor } from './ort-env';
import { meterOutputs, type ReadbackMeter } from './gpu-tensors';

export type OrtTensor = ort.Tensor;

/** Per-session options a pipeline may ask for. */
export interface SessionLoadOptions {
  /**
   * Outputs to leave on the GPU on WebGPU (ignored on WASM), e.g. a text
   * encoder's `last_hidden_state` that feeds every UNet call: no GPU → CPU → GPU
   * round trip per step. The caller owns such tensors and must `dispose()` them.
   */
  gpuOutputs?: readonly string[];
  /**
   * ORT's graph optimisation level (default `'all'`). A graph generated in code and
   * already minimal can skip it: on WASM the optimiser's passes are most of a
   * first session's creation in a fresh worker (workers/pipelines/builtin-fill.ts).
   */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}
export type Feeds = Record<string, ort.Tensor>;

/** A loaded model on one backend. */
export interface LoadedSession {
  key: string;
  backend: Backend;
  session: ort.InferenceSession;
  inputNames: readonly string[];
  outputNames: readonly string[];
}

const STUCK =
  'The WebGPU device was lost while onnxruntime-web was running a model; its WebAssembly runtime cannot run another model in this worker, which restarts.';

/** Weights the loaded sessions may hold by default before the least recently used are released: one diffusion model plus both fill models. */
export const DEFAULT_SESSION_BUDGET_BYTES = 3 * 1024 ** 3;

/** One loaded (or loading) session, with what it weighs and when it was last used. */
interface Entry {
  promise: Promise<LoadedSession>;
  /** Bytes of the model it was created from (known once they are read); its size in memory is at least this. */
  bytes: number;
  /** Order of last use (a counter, so two uses in one millisecond still order). */
  used: number;
}

/** A loaded session as diagnostics report it. */
export interface LoadedSessionInfo {
  key: string;
  backend: Backend;
  bytes: number;
}

/**
 * Creates and runs ORT sessions through one chain (transformers.js
 * backends/onnx.js does the same): ORT-web is not re-entrant per device, and
 * one queue keeps runs in order and memory bounded.
 *
 * Sessions stay loaded for the next task, but not for ever: `trim()` (after
 * each job) releases the least recently used ones while their weights exceed
 * the budget, `releaseModel()` drops a model's sessions on a backend it can
 * no longer use, and `release()` drops everything.
 */
export class SessionManager {
  private readonly sessions = new Map<string, Entry>();
  private chain: Promise<unknown> = Promise.resolve();
  private deviceLost = false;
  private stuck = false;
  private lostReason = '';
  private clock = 0;

  constructor(public budgetBytes = DEFAULT_SESSION_BUDGET_BYTES) {}

  /**
   * Memoises in-flight loads and drops rejected promises so callers can retry.
   * `bytes` is only called on a cache miss.
   */
  load(key: string, backend: Backend, bytes: () => Promise<Uint8Array> | Uint8Array, options: SessionLoadOptions = {}): Promise<LoadedSession> {
    const fullKey = `${key}@${backend}`;
    const existing = this.sessions.get(fullKey);
    if (existing) {
      existing.used = ++this.clock;
      return existing.promise;
    }
    const entry: Entry = { promise: undefined as never, bytes: 0, used: ++this.clock };
    const sized = async () => {
      const model = await bytes();
      entry.bytes = model.byteLength;
      return model;
    };
    const pending = this.enqueue(() => this.create(fullKey, backend, sized, options));
    entry.promise = pending;
    this.sessions.set(fullKey, entry);
    pending.catch(() => {
      if (this.sessions.get(fullKey) === entry) this.sessions.delete(fullKey);
    });
    return pending;
  }

  /** The sessions loaded now, least recently used first. */
  async loaded(): Promise<LoadedSessionInfo[]> {
    const out: (LoadedSessionInfo & { used: number })[] = [];
    for (const [key, entry] of this.sessions) {
      const session = await entry.promise.catch(() => undefined);
      if (session && this.sessions.get(key) === entry) out.push({ key, backend: session.backend, bytes: entry.bytes, used: entry.used });
    }
    return out.sort((a, b) => a.used - b.used).map(({ used: _used, ...info }) => info);
  }

  /**
   * Releases the least recently used sessions while the loaded weights exceed the
   * budget. Call between jobs: a job's own sessions are the most recently used, so
   * the older ones go first. Resolves with the keys released.
   */
  async trim(budgetBytes = this.budgetBytes): Promise<string[]> {
    const loaded = await this.loaded();
    let total = loaded.reduce((sum, s) => sum + s.bytes, 0);
    const drop: string[] = [];
    for (const s of loaded) {
      if (total <= budgetBytes) break;
      drop.push(s.key);
      total -= s.bytes;
    }
    await this.releaseKeys(drop);
    return drop;
  }

  /** Releases one model's sessions on one backend (one it has failed on and will not use again in this worker). */
  async releaseModel(modelId: string, backend: Backend): Promise<string[]> {
    const keys = [...this.sessions.keys()].filter((k) => modelOfKey(k) === modelId && k.endsWith(`@${backend}`));
    await this.releaseKeys(keys);
    return keys;
  }

  /**
   * Runs one inference through the chain. On WebGPU, the outputs ORT read back
   * (`'cpu'`) add their bytes to `readback`, and those kept on the GPU add theirs
   * when `getData()` downloads them (gpu-tensors.ts).
   */
  run(loaded: LoadedSession, feeds: Feeds, readback?: ReadbackMeter): Promise<Record<string, ort.Tensor>> {
    const entry = this.sessions.get(loaded.key);
    if (entry) entry.used = ++this.clock;
    return this.enqueue(async () => {
      if (loaded.backend === 'webgpu' && this.deviceLost) {
        throw new InpaintError('backend_unavailable', `The WebGPU device was lost: ${this.lostReason}`);
      }
      if (this.stuck) throw new InpaintError('backend_unavailable', STUCK);
      if (loaded.backend !== 'webgpu') return loaded.session.run(feeds);
      // A run whose device is destroyed while ORT reads its outputs back never settles (seen on
      // SwiftShader, Chromium 150): the loss rejects it (watchDevice), or the chain would hang for good.
      const out = await new Promise<Record<string, ort.Tensor>>((resolve, reject) => {
        this.inFlight.add(reject);
        loaded.session
          .run(feeds)
          .then(resolve, reject)
          .finally(() => this.inFlight.delete(reject));
      });
      meterOutputs(out, readback);
      return out;
    });
  }

  /**
   * True once a device loss cut a WebGPU run off: onnxruntime-web's one WebAssembly
   * instance (JSEP and WASM sessions share it) still counts that run as started and
   * refuses every later run on any backend ("Session already started"), so only a
   * new worker can run models again (api.ts ends this one as a crash).
   */
  get runtimeStuck(): boolean {
    return this.stuck;
  }

  /** True once the WebGPU device reported loss; WebGPU sessions are then unusable. */
  get webgpuLost(): boolean {
    return this.deviceLost;
  }

  /** Drops every session, or those of one backend (after device loss, or to free memory). Resolves with the keys released. */
  async release(backend?: Backend): Promise<string[]> {
    const keys = [...this.sessions.keys()].filter((k) => !backend || k.endsWith(`@${backend}`));
    await this.releaseKeys(keys);
    return keys;
  }

  /**
   * Forgets the sessions at once (a later load creates them anew) and releases them
   * through the chain, so a run already queued on one finishes first.
   */
  private async releaseKeys(keys: readonly string[]): Promise<void> {
    const entries = keys.map((k) => [k, this.sessions.get(k)] as const).filter((e): e is readonly [string, Entry] => !!e[1]);
    for (const [k] of entries) this.sessions.delete(k);
    await Promise.all(
      entries.map(([, entry]) =>
        this.enqueue(async () => {
          try {
            await (await entry.promise).session.release();
          } catch {
            // A failed load has nothing to release; a session whose device is gone may fail to; nothing more to free.
          }
        }),
      ),
    );
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async create(
    key: string,
    backend: Backend,
    bytes: () => Promise<Uint8Array> | Uint8Array,
    options: SessionLoadOptions,
  ): Promise<LoadedSession> {
    const runtime = runtimeFor(backend);
    const model = await bytes();
    if (backend === 'webgpu' && this.deviceLost) {
      throw new InpaintError('backend_unavailable', `The WebGPU device was lost: ${this.lostReason}`);
    }
    let session: ort.InferenceSession;
    try {
      // One provider per session, never a list: ['webgpu','wasm'] silently
      // falls back to WASM and we would report the wrong backend. Each backend
      // has its own build of ORT (ort-env.ts).
      session = await runtime.InferenceSession.create(model, {
        executionProviders: [backend],
        graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
        ...(backend === 'webgpu' && options.gpuOutputs?.length
          ? { preferredOutputLocation: Object.fromEntries(options.gpuOutputs.map((n) => [n, 'gpu-buffer' as const])) }
          : {}),
      });
    } catch (err) {
      throw new InpaintError(
        backend === 'webgpu' ? 'backend_unavailable' : 'inference',
        `Could not create the ${backend} session for ${key}: ${(err as Error).message ?? String(err)}`,
        { cause: err },
      );
    }
    if (backend === 'webgpu') {
      // After the first WebGPU session exists, this getter resolves to the
      // device ORT actually uses (before it, reading it would create one).
      const device = (await ort.env.webgpu.device) as GPUDevice | undefined;
      if (!device) {
        await session.release();
        throw new InpaintError('backend_unavailable', 'onnxruntime-web created no WebGPU device');
      }
      this.watchDevice(device);
    }
    return { key, backend, session, inputNames: session.inputNames, outputNames: session.outputNames };
  }

  private watched?: GPUDevice;
  /** Rejecters of the WebGPU run in flight (the chain runs one at a time). */
  private readonly inFlight = new Set<(err: unknown) => void>();
  private watchDevice(device: GPUDevice): void {
    if (this.watched === device) return;
    this.watched = device;
    ortDevice = device;
    void device.lost.then((info) => {
      this.deviceLost = true;
      this.lostReason = `${info.reason}: ${info.message}`;
      if (this.inFlight.size) {
        // Cut off in the middle: ORT's runtime now refuses every run (runtimeStuck).
        this.stuck = true;
        const err = new InpaintError('backend_unavailable', `The WebGPU device was lost during a run: ${this.lostReason}`);
        for (const reject of this.inFlight) reject(err);
        this.inFlight.clear();
      }
      void this.release('webgpu');
    });
  }
}

/** The model id a session key starts with: `<id>#<sha256>`, `<id>/<speed>`, `<id>/<component>…`, plus `@<backend>`. */
export function modelOfKey(key: string): string {
  return key.split(/[#/@]/)[0];
}

/** The device ORT's WebGPU backend ran on, once a WebGPU session exists. */
let ortDevice: GPUDevice | undefined;

/**
 * Whether `ort.env.webgpu.device` is set to the device our WebGPU sessions run
 * on (what the tests assert to prove WebGPU really ran: a provider list would
 * fall back to WASM silently). Never reads the getter before a WebGPU session
 * exists, because that read would create a device.
 */
export async function webgpuDeviceReady(): Promise<boolean> {
  if (!ortDevice) return false;
  return (await ort.env.webgpu.device) === ortDevice;
}

/** Destroys ORT's WebGPU device: a real device loss, for diagnostics and tests. */
export function destroyWebgpuDevice(): boolean {
  if (!ortDevice) return false;
  ortDevice.destroy();
  return true;
}

export function makeTensor(type: 'float32', data: Float32Array, dims: readonly number[]): ort.Tensor;
export function makeTensor(type: 'uint8', data: Uint8Array, dims: readonly number[]): ort.Tensor;
export function makeTensor(type: 'int32', data: Int32Array, dims: readonly number[]): ort.Tensor;
export function makeTensor(type: 'int64', data: BigInt64Array, dims: readonly number[]): ort.Tensor;
export function makeTensor(
  type: 'float32' | 'uint8' | 'int32' | 'int64',
  data: Float32Array | Uint8Array | Int32Array | BigInt64Array,
  dims: readonly number[],
): ort.Tensor {
  return new ort.Tensor(type, data as Float32Array, dims);
}
