import type { Backend, BackendPreference } from '../../src/shared/progress';

/** What the device offers, checked before any session is created. */
export interface BackendProbe {
  webgpu: boolean;
  /** Why WebGPU is not used, when it is not. */
  webgpuReason?: string;
  adapterInfo?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  features?: string[];
  /**
   * True for a software adapter (`adapter.info.isFallbackAdapter`, or SwiftShader by
   * name): about 100x slower than WASM, so `backend: 'auto'` does not use it.
   */
  fallbackAdapter?: boolean;
}

/** SwiftShader may not flag itself as a fallback adapter; its name gives it away. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

/** Whether an adapter renders in software (see `BackendProbe.fallbackAdapter`). */
export function isSoftwareAdapter(info: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean } | undefined): boolean {
  if (!info) return false;
  if (info.isFallbackAdapter) return true;
  return [info.vendor, info.architecture, info.description, info.device].some((s) => typeof s === 'string' && SOFTWARE_ADAPTER.test(s));
}

let probePromise: Promise<BackendProbe> | undefined;

/**
 * Asks for a real WebGPU adapter. `navigator.gpu` existing is not enough:
 * headless or blocklisted GPUs return a null adapter.
 */
export function probeBackends(): Promise<BackendProbe> {
  probePromise ??= (async (): Promise<BackendProbe> => {
    const gpu = (self.navigator as { gpu?: GPU }).gpu;
    if (!gpu) return { webgpu: false, webgpuReason: 'navigator.gpu is not available in this browser' };
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter) return { webgpu: false, webgpuReason: 'no WebGPU adapter was returned' };
      // `isFallbackAdapter` moved from GPUAdapter to GPUAdapterInfo (gpuweb#4780); read both.
      const info = adapter.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
      const isFallbackAdapter = info?.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
      const fallbackAdapter = isSoftwareAdapter(info ? { vendor: info.vendor, architecture: info.architecture, description: info.description, device: info.device, isFallbackAdapter } : { isFallbackAdapter });
      return {
        webgpu: true,
        adapterInfo: info ? { vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter } : undefined,
        features: [...adapter.features],
        ...(fallbackAdapter ? { fallbackAdapter, webgpuReason: 'the WebGPU adapter is a software (fallback) adapter, slower than WASM' } : {}),
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
  // 'auto' treats a software adapter as no GPU; an explicit 'webgpu' may still use it.
  const usable = probe.webgpu && !(preference === 'auto' && probe.fallbackAdapter);
  if (usable && !disabled.has('webgpu')) order.push('webgpu');
  // `webgpu` as an explicit preference still falls back: a failed WebGPU run is
  // retried on WASM rather than failing the task (the rule).
  order.push('wasm');
  return order;
}
