import { describe, expect, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { InpaintError } from '../shared/errors';
import { buildMiganTwin } from '../../models/build/migan-twin';
import { twinClient, twinRequests } from '../../workers/pipelines/test-utils';
import { makeMask, makePhoto } from '../../test/fixtures/images';
import { holdWeightCache } from '../../test/fixtures/weight-cache';

const keys = async (client: InpaintClient) => (await client.diagnostics()).sessions.map((s) => s.key).sort();

async function taskInputs() {
  return { image: await makePhoto(96, 64), mask: await makeMask(96, 64, [{ x: 30, y: 20, width: 16, height: 12 }]) };
}

async function task(client: InpaintClient, speed: 'TURBO' | 'DEFAULT') {
  const { image, mask } = await taskInputs();
  return client.wait((await client.submit({ image, mask, prompt: 'remove it', rendering_speed: speed })).data.task_id);
}

describe('client.warmup()', () => {
  it('creates the built-in session without touching the network for an uncached model, and the next task uses that session', async () => {
    const { run, client } = await twinClient();
    try {
      const warmed = await client.warmup({ rendering_speed: 'DEFAULT' });
      expect(warmed).toMatchObject({ sessions: ['builtin-fill/DEFAULT@wasm'], yielded: false, rehearsed: true, errors: [] });
      expect(await keys(client)).toEqual(['builtin-fill/DEFAULT@wasm']);
      // A WASM session runs on ORT's plain build (14 MB, no Asyncify); the JSEP build was never started.
      expect((await client.diagnostics()).ortBuilds).toEqual(['wasm']);
      // MI-GAN and LaMa are not cached: routing would not pick them, and nothing was fetched.
      expect(await twinRequests('migan.onnx', run)).toEqual([]);
      expect(await twinRequests('lama.onnx', run)).toEqual([]);

      const done = await task(client, 'DEFAULT');
      expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
      expect(done.data.model).toBe('builtin-fill');
      // No new session: the task ran on the warmed one.
      expect(await keys(client)).toEqual(['builtin-fill/DEFAULT@wasm']);
      // A second warm-up finds everything loaded.
      expect((await client.warmup({ rendering_speed: 'DEFAULT' })).sessions).toEqual(['builtin-fill/DEFAULT@wasm']);
    } finally {
      client.dispose();
    }
  });

  it('creates the session of the cached learned model the route would pick, reading it from the cache only', async () => {
    const { run, client, files: modelFiles } = await twinClient('migan');
    try {
      await client.importModel('migan', new Blob([buildMiganTwin() as Uint8Array<ArrayBuffer>]));
      const warmed = await client.warmup({ rendering_speed: 'TURBO' });
      expect(warmed.yielded).toBe(false);
      expect(warmed.errors).toEqual([]);
      expect(warmed.sessions).toHaveLength(2);
      expect(warmed.sessions[0]).toBe('builtin-fill/TURBO@wasm');
      expect(warmed.sessions[1]).toMatch(/^migan#[0-9a-f]{64}@wasm$/);
      expect(await twinRequests('migan.onnx', run)).toEqual([]);
      const done = await task(client, 'TURBO');
      expect(done.data.model).toBe('migan');
      expect(await keys(client)).toEqual([...warmed.sessions].sort());
    } finally {
      await client.evictModel(modelFiles.migan[0].url).catch(() => 0);
      client.dispose();
    }
  });

  it('yields to a task submitted while it runs: the task completes, and warm-up stops before its next step', async () => {
    const { run, client, files: modelFiles } = await twinClient('migan');
    try {
      await client.importModel('migan', new Blob([buildMiganTwin() as Uint8Array<ArrayBuffer>]));
      const order: string[] = [];
      // The weight cache is held busy, so warm-up stops at its read of it (after the built-in session,
      // before MI-GAN's) until the task is running in the worker: the task arrives, deterministically,
      // while warm-up is between two steps. (Submitting in the same tick as the warm-up was a race that
      // one CI run lost: Chromium had ORT's .wasm compiled already and the task came late.)
      const inputs = await taskInputs();
      const hold = await holdWeightCache();
      const warming = client.warmup({ rendering_speed: 'TURBO' }).then((w) => (order.push('warm-up'), w));
      const { data } = await client.submit({ ...inputs, prompt: 'remove it', rendering_speed: 'TURBO' });
      await expect.poll(async () => (await client.get(data.task_id)).data.status, { timeout: 60_000, interval: 10 }).not.toBe('CREATED');
      hold.releaseIn(1000);
      const done = await client.wait(data.task_id).then((d) => (order.push('task'), d));
      const warmed = await warming;
      await hold.released;
      expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
      expect(done.data.model).toBe('migan');
      // The task arrived before warm-up's second step: warm-up stopped there instead of loading
      // MI-GAN ahead of the task (the task loaded it itself).
      expect(warmed).toMatchObject({ yielded: true, sessions: ['builtin-fill/TURBO@wasm'], errors: [] });
      expect(order).toEqual(['warm-up', 'task']);
      expect(await twinRequests('migan.onnx', run)).toEqual([]);
    } finally {
      await client.evictModel(modelFiles.migan[0].url).catch(() => 0);
      client.dispose();
    }
  });

  it("rehearses at the next image's size (scaled to 2048 px on the longer side), and refuses a bad size naming it", async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    try {
      const small = await client.warmup({ rendering_speed: 'TURBO' });
      expect(small).toMatchObject({ rehearsed: true, rehearsalSize: { width: 64, height: 48 }, errors: [] });
      const photo = await client.warmup({ rendering_speed: 'TURBO', width: 1400, height: 933 });
      expect(photo).toMatchObject({ rehearsed: true, rehearsalSize: { width: 1400, height: 933 }, errors: [] });
      const big = await client.warmup({ rendering_speed: 'TURBO', width: 3000, height: 4000 });
      expect(big.rehearsalSize).toEqual({ width: 1536, height: 2048 });
      // An image that fits in a size already rehearsed is not rehearsed again (the editor warms up at every open).
      const again = await client.warmup({ rendering_speed: 'TURBO', width: 1200, height: 900 });
      expect(again).toMatchObject({ rehearsed: true, rehearsalSize: { width: 1536, height: 2048 } });
      // Another speed is another graph: it rehearses.
      expect((await client.warmup({ rendering_speed: 'DEFAULT', width: 1200, height: 900 })).rehearsalSize).toEqual({ width: 1200, height: 900 });
      for (const [options, names] of [
        [{ width: 0, height: 10 }, ['width']],
        [{ width: 10.5, height: -1 }, ['width', 'height']],
        [{ width: 100 }, ['height']],
      ] as const) {
        const err = await client.warmup(options).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(InpaintError);
        expect((err as InpaintError).code).toBe('invalid_request');
        expect((err as InpaintError).invalid_params?.map((p) => p.name)).toEqual(names);
      }
      // A refused warm-up leaves the client working.
      expect((await task(client, 'TURBO')).data.status).toBe('COMPLETED');
    } finally {
      client.dispose();
    }
  });

  it('rejects after dispose() instead of starting a worker', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    client.dispose();
    await expect(client.warmup()).rejects.toMatchObject({ name: 'AbortError' });
    expect(client.workerStarts).toBe(0);
  });
});
