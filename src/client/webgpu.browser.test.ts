import { describe, expect, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { callWorker } from './worker-access';
import type { TaskStatus, WebhookPayload } from '../request/types';
import { bytesOf, compareAroundHoles, makeMask, makePhoto, pixelsOf, type Hole } from '../../test/fixtures/images';

// Headless Chromium with --enable-unsafe-webgpu exposes SwiftShader: a real
// WebGPU adapter without a GPU, ~100x slower than WASM, so images stay small.
const W = 192;
const H = 128;
const HOLES: Hole[] = [{ x: 120, y: 30, width: 40, height: 30 }];

describe('InpaintClient on WebGPU', () => {
  it('runs the built-in model on WebGPU (ORT device set) with exact composite and deterministic bytes', async () => {
    const client = new InpaintClient({ backend: 'webgpu', persist: false });
    try {
      const diag = await client.diagnostics();
      expect(diag.probe.webgpu, diag.probe.webgpuReason).toBe(true);
      const statuses: TaskStatus[] = [];
      client.addEventListener('status', (e) => statuses.push((e as CustomEvent<WebhookPayload>).detail.status));
      const image = await makePhoto(W, H);
      const mask = await makeMask(W, H, HOLES);
      const run = async (seed: number) => client.wait((await client.submit({ image, mask, prompt: 'x', seed })).data.task_id);
      const a = await run(11);
      expect(a.data.status, a.data.error?.message).toBe('COMPLETED');
      expect(a.data.backend).toBe('webgpu');
      expect((await client.diagnostics()).webgpuDeviceReady).toBe(true);
      // A WebGPU session runs on ORT's JSEP build; nothing ran on WASM, so the plain build never started.
      expect((await client.diagnostics()).ortBuilds).toEqual(['jsep']);
      const input = await pixelsOf(image);
      const output = await pixelsOf(a.data.generated[0]);
      expect([output.width, output.height]).toEqual([W, H]);
      const cmp = compareAroundHoles(input.data, output.data, W, HOLES);
      expect(cmp.changedOutside).toBe(0);
      expect(cmp.changedInside).toBeGreaterThan(cmp.inside * 0.5);
      const b = await run(11);
      expect(await bytesOf(b.data.generated[0])).toEqual(await bytesOf(a.data.generated[0]));
      expect(statuses.slice(0, 3)).toEqual(['CREATED', 'IN_PROGRESS', 'COMPLETED']);
    } finally {
      client.dispose();
    }
  });

  it("'auto' treats a software (fallback) adapter as no GPU and reports wasm (an explicit 'webgpu' still uses it: the test above)", async () => {
    const auto = new InpaintClient({ backend: 'auto', persist: false });
    try {
      const { probe } = await auto.diagnostics();
      expect(probe.webgpu, probe.webgpuReason).toBe(true);
      // Headless Chromium here has SwiftShader only; on a machine with a real GPU 'auto' must pick it.
      const software = /swiftshader/i.test(JSON.stringify(probe.adapterInfo ?? {})) || probe.adapterInfo?.isFallbackAdapter === true;
      expect(probe.fallbackAdapter ?? false).toBe(software);
      const image = await makePhoto(48, 32);
      const mask = await makeMask(48, 32, [{ x: 20, y: 10, width: 8, height: 8 }]);
      const task = await auto.wait((await auto.submit({ image, mask, prompt: 'x', seed: 3 })).data.task_id);
      expect(task.data.status, task.data.error?.message).toBe('COMPLETED');
      expect(task.data.backend).toBe(software ? 'wasm' : 'webgpu');
    } finally {
      auto.dispose();
    }
  });

  it('retries on WASM after the WebGPU device is lost instead of failing the task', async () => {
    const client = new InpaintClient({ backend: 'webgpu', persist: false });
    try {
      const image = await makePhoto(W, H);
      const mask = await makeMask(W, H, HOLES);
      const first = await client.wait((await client.submit({ image, mask, prompt: 'x', seed: 1 })).data.task_id);
      expect(first.data.backend).toBe('webgpu');
      expect(await callWorker(client, (w) => w.loseWebgpuDevice())).toBe(true);
      const second = await client.wait((await client.submit({ image, mask, prompt: 'x', seed: 1 })).data.task_id);
      expect(second.data.status, second.data.error?.message).toBe('COMPLETED');
      expect(second.data.backend).toBe('wasm');
      const input = await pixelsOf(image);
      const cmp = compareAroundHoles(input.data, (await pixelsOf(second.data.generated[0])).data, W, HOLES);
      expect(cmp.changedOutside).toBe(0);
    } finally {
      client.dispose();
    }
  });
});
