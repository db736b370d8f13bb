import { describe, expect, it } from 'vitest';
import { ort } from './ort-env';
import { liveGpuTensors, meterOutputs, type ReadbackMeter } from './gpu-tensors';

/** A `'gpu-buffer'` tensor over a stand-in buffer (Node has no WebGPU): its download returns `data`. */
function gpuTensor(data: Float32Array, released: string[], name: string): ort.Tensor {
  return ort.Tensor.fromGpuBuffer({ size: data.byteLength } as unknown as GPUBuffer, {
    dataType: 'float32',
    dims: [data.length],
    download: async () => data,
    dispose: () => released.push(name),
  });
}

describe('GPU tensor accounting', () => {
  it("counts a WebGPU run's CPU outputs at once and a GPU output at its first download; dispose ends its life once", async () => {
    const meter: ReadbackMeter = { bytes: 0 };
    const released: string[] = [];
    const before = liveGpuTensors();
    const cpu = new ort.Tensor('float32', new Float32Array(10), [10]);
    const gpu = gpuTensor(new Float32Array(6), released, 'eps');
    meterOutputs({ image: cpu, eps: gpu }, meter);
    // ORT downloaded the CPU output inside run(): 40 bytes.
    expect(meter.bytes).toBe(40);
    expect(liveGpuTensors()).toBe(before + 1);
    expect(Array.from((await gpu.getData()) as Float32Array)).toEqual([0, 0, 0, 0, 0, 0]);
    await gpu.getData(); // ORT keeps the CPU copy: no second download
    expect(meter.bytes).toBe(40 + 24);
    gpu.dispose();
    gpu.dispose();
    expect(released).toEqual(['eps']);
    expect(liveGpuTensors()).toBe(before);
  });

  it('a GPU output never read adds nothing', () => {
    const meter: ReadbackMeter = { bytes: 0 };
    const t = gpuTensor(new Float32Array(1024), [], 'latents');
    meterOutputs({ out: t }, meter);
    t.dispose();
    expect(meter.bytes).toBe(0);
  });
});
