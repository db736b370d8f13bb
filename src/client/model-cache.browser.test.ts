import { describe, expect, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { InpaintError } from '../shared/errors';
import { buildMiganTwin } from '../../models/build/migan-twin';
import { twinOverrides, twinRequests } from '../../workers/pipelines/test-utils';
import type { Progress } from '../shared/progress';
import { makeMask, makePhoto } from '../../test/fixtures/images';

// The offline path: a user imports a weight file they already have; it is
// verified against the manifest, listed, used by routing with no download, and
// can be evicted.
describe('model cache through the client', () => {
  it('imports a verified file, lists it, routes to it offline, and evicts it', async () => {
    const run = crypto.randomUUID();
    const modelFiles = await twinOverrides(run);
    const client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: { migan: modelFiles.migan } });
    try {
      const twin = buildMiganTwin();
      const wrong = new Blob([twin.slice(0, twin.length - 1), new Uint8Array([twin[twin.length - 1] ^ 0xff])]);
      const err = await client.importModel('migan', wrong).catch((e) => e);
      expect(err).toBeInstanceOf(InpaintError);
      expect(err.code).toBe('model_integrity');
      expect((await client.listCachedModels()).filter((m) => m.url === modelFiles.migan[0].url)).toEqual([]);
      expect(await client.cachedModelIds()).not.toContain('migan');

      const entry = await client.importModel('migan', new Blob([twin as Uint8Array<ArrayBuffer>]));
      expect(entry).toMatchObject({ modelId: 'migan', complete: true, bytes: twin.length, source: 'import' });
      const listed = (await client.listCachedModels()).find((m) => m.url === modelFiles.migan[0].url);
      expect(listed).toMatchObject({ complete: true, bytesStored: twin.length });
      expect((await client.cacheUsage()).bytes).toBeGreaterThanOrEqual(twin.length);
      // This client's MI-GAN file (its modelFiles override) is cached; the built-in fill never is.
      expect(await client.cachedModelIds()).toContain('migan');
      expect(await client.cachedModelIds()).not.toContain('builtin-fill');

      const image = await makePhoto(96, 64);
      const mask = await makeMask(96, 64, [{ x: 30, y: 20, width: 16, height: 12 }]);
      const done = await client.wait((await client.submit({ image, mask, prompt: 'x', rendering_speed: 'TURBO' })).data.task_id);
      expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
      expect(done.data.model).toBe('migan');

      // By URL: other test files may hold their own MI-GAN twins in the same cache.
      expect(await client.evictModel(modelFiles.migan[0].url)).toBe(twin.length);
      expect((await client.listCachedModels()).filter((m) => m.url === modelFiles.migan[0].url)).toEqual([]);
      expect(await client.cachedModelIds()).not.toContain('migan');
      const after = await client.wait((await client.submit({ image, mask, prompt: 'x', rendering_speed: 'TURBO' })).data.task_id);
      expect(after.data.model).toBe('builtin-fill');
    } finally {
      client.dispose();
    }
  });

  it('downloadModel() caches a model ahead of its first task, with progress; a cached one is only verified; it refuses what it cannot download', async () => {
    const run = crypto.randomUUID();
    const modelFiles = await twinOverrides(run);
    const client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles });
    try {
      const events: Progress[] = [];
      const done = await client.downloadModel('lama', { onProgress: (e) => events.push(e) });
      expect(done).toEqual({ model: 'lama', files: 1, bytes: modelFiles.lama[0].bytes });
      // Progress crosses on its own port (a Comlink proxy), so the last event may land just after the call resolves.
      await expect.poll(() => events.at(-1)?.status).toBe('done');
      const statuses = events.map((e) => e.status);
      expect(statuses[0]).toBe('initiate');
      const last = events.filter((e) => e.status === 'download').at(-1);
      expect(last).toMatchObject({ loaded: modelFiles.lama[0].bytes, total: modelFiles.lama[0].bytes, overall: { loaded: modelFiles.lama[0].bytes } });
      expect(statuses.indexOf('verify')).toBeGreaterThan(statuses.lastIndexOf('download'));
      expect(await client.cachedModelIds()).toContain('lama');
      expect(await twinRequests('lama.onnx', run)).toHaveLength(1);

      // Again: read back and verified from the cache, no request.
      const again: Progress[] = [];
      await client.downloadModel('lama', { onProgress: (e) => again.push(e) });
      await expect.poll(() => again.map((e) => e.status)).toEqual(['initiate', 'verify', 'done']);
      expect(await twinRequests('lama.onnx', run)).toHaveLength(1);

      const builtin = await client.downloadModel('builtin-fill').catch((e: unknown) => e);
      expect(builtin).toMatchObject({ code: 'invalid_request', invalid_params: [{ name: 'model', reason: '"builtin-fill" is generated in code and has nothing to download' }] });
      const unknown = await client.downloadModel('lama-xl').catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(InpaintError);
      expect((unknown as InpaintError).code).toBe('model_not_found');
      expect((unknown as InpaintError).message).toContain('Valid model ids: builtin-fill, migan, lama');
    } finally {
      await client.evictModel(modelFiles.lama[0].url);
      client.dispose();
    }
  });
});
