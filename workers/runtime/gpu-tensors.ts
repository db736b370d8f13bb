/**
 * Tensors that live in GPU buffers on the WebGPU backend (ORT's
 * `preferredOutputLocation: 'gpu-buffer'` outputs, and our own uploads), and
 * the two things we count about them:
 *
 * - **readback**: bytes copied from the GPU to the CPU. ORT downloads a WebGPU
 *   session's `'cpu'`-located outputs inside `run()`; a `'gpu-buffer'` tensor is
 *   downloaded by its `getData()`. Both are counted into the run's
 *   `ReadbackMeter`, so a task can report what it read back (the diffusion
 *   pipeline's goal: the decoded image only). Not seen: copies ORT makes inside
 *   a run for a node it placed on its CPU provider (the latent graphs have none:
 *   models/sd/latent-graphs.browser.test.ts reads ORT's placement log).
 * - **live**: GPU tensors created and not yet disposed. onnxruntime-web does not
 *   expose its buffer pool, so this is our own count, wrapped around `dispose()`;
 *   a task that leaks a tensor leaves it above zero.
 */
import { ort } from './ort-env';

/** Bytes read back from GPU buffers, accumulated over the runs it is passed to. */
export interface ReadbackMeter {
  bytes: number;
}

let live = 0;

/** GPU tensors (outputs kept on the GPU, uploads) not yet disposed, in this worker. */
export function liveGpuTensors(): number {
  return live;
}

type Download = ort.Tensor['getData'];

/**
 * Counts a WebGPU run's outputs: `'cpu'` ones were downloaded by ORT (their
 * bytes go to `meter` now); `'gpu-buffer'` ones become live, and their
 * `getData()` adds to `meter` when it downloads.
 */
export function meterOutputs(outputs: Record<string, ort.Tensor>, meter: ReadbackMeter | undefined): void {
  for (const t of Object.values(outputs)) {
    if (t.location === 'cpu') {
      if (meter) meter.bytes += (t.data as ArrayBufferView).byteLength;
    } else if (t.location === 'gpu-buffer') track(t, meter);
  }
}

/** Wraps `getData` (counted) and `dispose` (live count) of a GPU tensor, once. */
function track(t: ort.Tensor, meter: ReadbackMeter | undefined): void {
  live++;
  const getData: Download = t.getData.bind(t);
  const dispose = t.dispose.bind(t);
  let disposed = false;
  let downloaded = false;
  Object.assign(t, {
    getData: (async (release?: boolean) => {
      const data = await getData(release);
      // The first download copies from the GPU; ORT keeps the CPU copy for later calls.
      if (!downloaded && meter) meter.bytes += (data as ArrayBufferView).byteLength;
      downloaded = true;
      return data;
    }) as Download,
    dispose: () => {
      if (!disposed) live--;
      disposed = true;
      dispose();
    },
  });
}

/**
 * Copies float32 data into a new GPU buffer on ORT's WebGPU device and wraps it
 * as a `'gpu-buffer'` tensor that any WebGPU session can take as an input with
 * no further upload (a value used at every step: the seed's noise, the latent
 * mask). `dispose()` destroys the buffer. Its data is never read back.
 *
 * @example
 * const noise = await uploadFloat32(latentNoise(seed, dims), dims);
 */
export async function uploadFloat32(data: Float32Array, dims: readonly number[]): Promise<ort.Tensor> {
  const device = (await ort.env.webgpu.device) as GPUDevice;
  // ORT's own buffers round up to 16 bytes; storage bindings need a multiple of 4.
  const buffer = device.createBuffer({
    size: Math.ceil(data.byteLength / 16) * 16,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  const t = ort.Tensor.fromGpuBuffer(buffer, {
    dataType: 'float32',
    dims,
    download: () => Promise.reject(new Error('an uploaded tensor is input only')),
    dispose: () => buffer.destroy(),
  });
  track(t, undefined);
  return t;
}

/**
 * Resolves when the GPU has finished the work submitted so far (ORT submits
 * at the end of every run). A wait, not a read back: nothing is copied.
 *
 * @example
 * const done = gpuWorkDone(); // after queueing a step
 */
export async function gpuWorkDone(): Promise<void> {
  const device = (await ort.env.webgpu.device) as GPUDevice;
  await device.queue.onSubmittedWorkDone();
}
