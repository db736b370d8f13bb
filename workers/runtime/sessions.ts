import type { Backend } from '../../src/shared/progress';
import { InpaintError } from '../../src/shared/errors';
import { configureOrt, ort } from './ort-env';

export type OrtTensor = ort.Tensor;

/** Per-session options a pipeline may ask for. */
export interface SessionLoadOptions {
  /**
   * Outputs to leave on the GPU on WebGPU (ignored on WASM), e.g. a text
   * encoder's `last_hidden_state` that feeds every UNet call: no GPU → CPU → GPU
   * round trip per step. The caller owns such tensors and must `dispose()` them.
   */
  gpuOutputs?: readonly string[];
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

/**
 * Creates and runs ORT sessions through one chain (transformers.js
 * backends/onnx.js does the same): ORT-web is not re-entrant per device, and
 * one queue keeps runs in order and memory bounded.
 */
export class SessionManager {
  private readonly sessions = new Map<string, Promise<LoadedSession>>();
  private chain: Promise<unknown> = Promise.resolve();
  private deviceLost = false;
  private lostReason = '';

  /**
   * Memoises in-flight loads and drops rejected promises so callers can retry.
   * `bytes` is only called on a cache miss.
   */
  load(key: string, backend: Backend, bytes: () => Promise<Uint8Array> | Uint8Array, options: SessionLoadOptions = {}): Promise<LoadedSession> {
    const fullKey = `${key}@${backend}`;
    let pending = this.sessions.get(fullKey);
    if (!pending) {
      pending = this.enqueue(() => this.create(fullKey, backend, bytes, options));
      this.sessions.set(fullKey, pending);
      pending.catch(() => {
        if (this.sessions.get(fullKey) === pending) this.sessions.delete(fullKey);
      });
    }
    return pending;
  }

  /** Runs one inference through the chain. */
  run(loaded: LoadedSession, feeds: Feeds): Promise<Record<string, ort.Tensor>> {
    return this.enqueue(async () => {
      if (loaded.backend === 'webgpu' && this.deviceLost) {
        throw new InpaintError('backend_unavailable', `The WebGPU device was lost: ${this.lostReason}`);
      }
      return loaded.session.run(feeds);
    });
  }

  /** True once the WebGPU device reported loss; WebGPU sessions are then unusable. */
  get webgpuLost(): boolean {
    return this.deviceLost;
  }

  /** Drops every session of a backend (after device loss, or to free memory). */
  async release(backend?: Backend): Promise<void> {
    const entries = [...this.sessions.entries()].filter(([k]) => !backend || k.endsWith(`@${backend}`));
    for (const [k, p] of entries) {
      this.sessions.delete(k);
      try {
        await (await p).session.release();
      } catch {
        // A session whose device is gone may fail to release; nothing more to free.
      }
    }
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
    configureOrt();
    const model = await bytes();
    if (backend === 'webgpu' && this.deviceLost) {
      throw new InpaintError('backend_unavailable', `The WebGPU device was lost: ${this.lostReason}`);
    }
    let session: ort.InferenceSession;
    try {
      // One provider per session, never a list: ['webgpu','wasm'] silently
      // falls back to WASM and we would report the wrong backend.
      session = await ort.InferenceSession.create(model, {
        executionProviders: [backend],
        graphOptimizationLevel: 'all',
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
  private watchDevice(device: GPUDevice): void {
    if (this.watched === device) return;
    this.watched = device;
    ortDevice = device;
    void device.lost.then((info) => {
      this.deviceLost = true;
      this.lostReason = `${info.reason}: ${info.message}`;
      void this.release('webgpu');
    });
  }
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
