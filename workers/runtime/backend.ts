import type { Backend, BackendPreference } from '../../src/shared/progress';

/** What the device offers, checked before any session is created. */
export interface BackendProbe {
  webgpu: boolean;
  /** Why WebGPU is not used, when it is not. */
  webgpuReason?: string;
  adapterInfo?: { vendor?: string; architecture?: string; description?: string };
  features?: string[];
}

let probePromise: Promise<BackendProbe> | undefined;

/**
 * Asks for a real WebGPU adapter. `navigator.gpu` existing is not enough:
 * headless or blocklisted GPUs return a null adapter.
 */
export function probeBackends(): Promise<BackendProbe> {
  probePromise ??= (async (): Promise<BackendProbe> => {
    const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return { webgpu: false, webgpuReason: 'navigator.gpu is not available in this browser' };
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter) return { webgpu: false, webgpuReason: 'no WebGPU adapter was returned' };
      const info = adapter.info;
      return {
        webgpu: true,
        adapterInfo: info ? { vendor: info.vendor, architecture: info.architecture, description: info.description } : undefined,
        features: [...adapter.features],
      };
    } catch (err) {
      return { webgpu: false, webgpuReason: `requestAdapter failed: ${(err as Error).message}` };
    }
  })();
  return probePromise;
}

/** The ordered list of backends to try for a preference. */
export async function backendOrder(preference: BackendPreference, disabled: ReadonlySet<Backend>): Promise<Backend[]> {
  if (preference === 'wasm') return ['wasm'];
  const probe = await probeBackends();
  const order: Backend[] = [];
  if (probe.webgpu && !disabled.has('webgpu')) order.push('webgpu');
  // `webgpu` as an explicit preference still falls back: a failed WebGPU run is
  // retried on WASM rather than failing the task (the rule).
  order.push('wasm');
  return order;
}
