/**
 * What this device can run, model by model, known before any download: the
 * answer of `InpaintClient.deviceSupport()`, computed in the worker (which owns
 * the backend probe; workers/pipelines/device-support.ts). DOM-free types only,
 * shared by both realms.
 */
import type { Backend } from './progress';

/** What the device offers, as the worker probed it. */
export interface DeviceFacts {
  /** A WebGPU adapter was returned. */
  webgpu: boolean;
  /** Why WebGPU is not used, when it is not (no `navigator.gpu`, no adapter, a software adapter under `auto`). */
  webgpuReason?: string;
  /** The adapter renders in software (SwiftShader, llvmpipe): not a graphics card. */
  softwareAdapter: boolean;
  /** The adapter's vendor / architecture / description, joined; absent without an adapter. */
  adapter?: string;
  shaderF16: boolean;
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
  /** `navigator.deviceMemory` in GiB, where the browser says (rounded, capped). */
  deviceMemoryGiB?: number;
}

/** Whether one backend can run one model here, and what it lacks. */
export interface BackendSupport {
  backend: Backend;
  usable: boolean;
  /** One technical sentence per shortfall (empty when usable). */
  problems: string[];
}

/** Whether one registered model can run on this device. */
export interface ModelSupport {
  /** The registry id. */
  model: string;
  /** Some backend the client may use can run it. */
  runnable: boolean;
  /**
   * When not runnable: one plain sentence for a person, starting with "needs", e.g.
   * `'needs a graphics card with 16-bit float support'`. Absent when runnable.
   */
  reason?: string;
  /** Per backend the model lists, what was checked (the "Details" a UI may disclose). */
  details: BackendSupport[];
  /** What a first use downloads for this client (its `modelFiles` / `modelBaseUrl` included); 0 when generated in code. */
  bytes: number;
}

/** The device facts and every registered model's support, in registry order. */
export interface DeviceSupport {
  device: DeviceFacts;
  models: ModelSupport[];
}
