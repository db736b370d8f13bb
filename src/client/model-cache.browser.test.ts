import { describe, expect, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { InpaintError } from '../shared/errors';
import { buildMiganTwin } from '../../models/build/migan-twin';
import { twinOverrides } from '../../workers/pipelines/test-utils';
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
});
