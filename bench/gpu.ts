/**
 * `npm run bench -- --gpu`: each model family's twin at its real input size on
 * WebGPU and on WASM (bench/gpu.worker.ts), with the ratio, and whether the
 * WebGPU adapter is a real GPU or SwiftShader (a software fallback, about 100×
 * slower than WASM: the ratio then says nothing about a real GPU).
 */
export interface GpuBench {
  rows: Record<string, unknown>[];
  webgpu: boolean;
  webgpuReason?: string;
  fallbackAdapter?: boolean;
  adapterInfo?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

export async function gpuBench(reps: number): Promise<GpuBench> {
  const worker = new Worker(new URL('./gpu.worker.ts', import.meta.url), { type: 'module' });
  try {
    const result = await new Promise<{ ok?: GpuBench; error?: string }>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage({ reps });
    });
    if (result.error) throw new Error(result.error);
    return result.ok!;
  } finally {
    worker.terminate();
  }
}
