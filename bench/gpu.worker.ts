/**
 * `npm run bench -- --gpu`, the worker half: every model family's twin at the
 * real model's input size (MI-GAN 512², LaMa 512², the SD UNet at 64×64
 * latents, i.e. 512² pixels), through the app's own runtime (workers/runtime:
 * one provider per session, ORT's env as the app sets it), on WebGPU and on
 * WASM, in a dedicated worker as in the app. The twins are tiny graphs with the
 * real I/O, so these times are the per-run overhead of each backend at the real
 * tensor sizes (upload, dispatch, read-back), not the real models' compute.
 */
import { SessionManager, makeTensor, webgpuDeviceReady, type Feeds } from '../workers/runtime/sessions';
import { probeBackends } from '../workers/runtime/backend';
import type { Backend } from '../src/shared/progress';
import { buildMiganTwin } from '../models/build/migan-twin';
import { buildLamaTwin } from '../models/build/lama-twin';
import { buildUnetTwin, SD_TWIN_HIDDEN } from '../models/build/sd-twin';
import { cpuLatentOps, graphLatentOps, type LatentOps } from '../workers/pipelines/diffusion/latent-ops';
import { latentNoise } from '../workers/pipelines/diffusion/latents';
import { ddimLeading } from '../workers/pipelines/diffusion/schedulers';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Family {
  name: string;
  input: string;
  bytes: () => Uint8Array;
  feeds: () => Feeds;
}

const S = 512;
const FAMILIES: Family[] = [
  {
    name: 'MI-GAN twin',
    input: '512² uint8',
    bytes: buildMiganTwin,
    feeds: () => ({
      image: makeTensor('uint8', new Uint8Array(3 * S * S).fill(90), [1, 3, S, S]),
      mask: makeTensor('uint8', new Uint8Array(S * S).map((_, i) => (i % S > 200 && i % S < 300 ? 0 : 255)), [1, 1, S, S]),
    }),
  },
  {
    name: 'LaMa twin',
    input: '512² float32',
    bytes: buildLamaTwin,
    feeds: () => ({
      image: makeTensor('float32', new Float32Array(3 * S * S).fill(0.4), [1, 3, S, S]),
      mask: makeTensor('float32', new Float32Array(S * S).map((_, i) => (i % S > 200 && i % S < 300 ? 1 : 0)), [1, 1, S, S]),
    }),
  },
  {
    name: 'SD UNet twin (9 ch)',
    input: '64×64 latents',
    bytes: () => buildUnetTwin(9),
    feeds: () => ({
      sample: makeTensor('float32', new Float32Array(9 * 64 * 64).fill(0.1), [1, 9, 64, 64]),
      timestep: makeTensor('int64', BigInt64Array.from([999n]), [1]),
      encoder_hidden_states: makeTensor('float32', new Float32Array(77 * SD_TWIN_HIDDEN).fill(0.2), [1, 77, SD_TWIN_HIDDEN]),
    }),
  },
];

const STEPS = 20;

/**
 * The denoise loop's latent maths alone, as SD-1.5 inpainting runs it at 512²
 * (64×64 latents, 9-channel sample, CFG, DDIM), with fixed ε in place of the
 * UNet: ms per step (sample + step), over `steps` steps and the read of the last result.
 */
async function latentSteps(ops: LatentOps, steps: number): Promise<number> {
  const dims = [1, 4, 64, 64];
  const sched = ddimLeading(steps);
  try {
    const mask = await ops.upload(new Float32Array(64 * 64).map((_, i) => (i % 64 > 20 && i % 64 < 40 ? 1 : 0)), [1, 1, 64, 64]);
    const masked = await ops.upload(latentNoise(2, dims), dims);
    const [text, uncond] = [await ops.upload(latentNoise(3, dims), dims), await ops.upload(latentNoise(4, dims), dims)];
    let latents = await ops.upload(latentNoise(1, dims), dims);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const sample = await ops.unetSample(sched, latents, i, { mask, masked });
      const next = await ops.step(sched, i, latents, text, uncond, 7.5, undefined);
      ops.free(sample, latents);
      latents = next;
    }
    // Waits for the last result (on WebGPU: for the queue to drain, as the decoder would): 64 KiB read back once.
    await latents.getData();
    return (performance.now() - t0) / steps;
  } finally {
    ops.close();
  }
}

self.onmessage = async (e: MessageEvent<{ reps: number }>) => {
  try {
    const probe = await probeBackends();
    const sessions = new SessionManager();
    const rows = [];
    for (const family of FAMILIES) {
      const row: Record<string, unknown> = { family: family.name, input: family.input };
      for (const backend of ['webgpu', 'wasm'] as Backend[]) {
        if (backend === 'webgpu' && !probe.webgpu) continue;
        const loaded = await sessions.load(`${family.name}@bench`, backend, family.bytes);
        const ms: number[] = [];
        let check = NaN;
        for (let i = 0; i <= e.data.reps; i++) {
          const feeds = family.feeds();
          const t0 = performance.now();
          const out = await sessions.run(loaded, feeds);
          const data = (await out[loaded.outputNames[0]].getData()) as ArrayLike<number>;
          if (i > 0) ms.push(performance.now() - t0); // the first run is the warm-up
          check = Number(data[0]);
          for (const t of Object.values(out)) t.dispose();
        }
        row[`${backend}_ms`] = median(ms);
        row[`${backend}_first_value`] = check;
        // A provider list would fall back to WASM silently: prove WebGPU ran.
        if (backend === 'webgpu') row.webgpu_device_set = await webgpuDeviceReady();
      }
      rows.push(row);
    }
    const latentMaths = [];
    for (const [how, backend] of [['JS (the WASM path)', 'wasm'], ['graphs on WASM', 'wasm'], ['graphs on WebGPU', 'webgpu']] as const) {
      if (backend === 'webgpu' && !probe.webgpu) continue;
      const meter = { bytes: 0 };
      const ops = () => (how.startsWith('JS') ? cpuLatentOps() : graphLatentOps({ sessions, backend }, meter));
      await latentSteps(ops(), 2); // warm-up: session creation
      meter.bytes = 0;
      latentMaths.push({ how, ms_per_step: await latentSteps(ops(), STEPS), readback_bytes: meter.bytes });
    }
    await sessions.release();
    self.postMessage({ ok: { rows, latentMaths, webgpu: probe.webgpu, webgpuReason: probe.webgpuReason, fallbackAdapter: probe.fallbackAdapter, adapterInfo: probe.adapterInfo } });
  } catch (err) {
    self.postMessage({ error: String((err as Error)?.stack ?? err) });
  }
};
