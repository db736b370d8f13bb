/**
 * Opt-in: the real MI-GAN and LaMa weights through the whole path (download from
 * a local URL, sha256 against the manifest's published hash, cache, session,
 * contract check, pipeline). Give a file with `LOCAL_INPAINT_MIGAN_PATH` /
 * `LOCAL_INPAINT_LAMA_PATH` (served by the model test server) or a CORS-enabled
 * URL with `LOCAL_INPAINT_MIGAN_URL` / `LOCAL_INPAINT_LAMA_URL`. Without them the
 * tests are skipped, and say so in their name and skip note.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { getModel } from '../../models/registry';
import { InpaintClient } from '../../src/client/inpaint-client';
import { compareAroundHoles, makeMask, makePhoto, pixelsOf, type Hole } from '../../test/fixtures/images';

const REAL = inject('realModels');
const W = 900;
const H = 600;
const HOLE: Hole = { x: 610, y: 90, width: 120, height: 80 };
const clients: InpaintClient[] = [];
afterAll(() => clients.forEach((c) => c.dispose()));

describe('real weights (opt-in)', () => {
  for (const id of ['migan', 'lama'] as const) {
    const url = REAL[id];
    const env = `LOCAL_INPAINT_${id.toUpperCase()}_PATH`;
    const reason = `skipped: set ${env}=/path/to/${getModel(id).files[0].url.split('/').pop()} to run`;
    it(`${id}: fills a hole with the published weights on WASM${url ? '' : ` (${reason})`}`, { timeout: 600_000 }, async (ctx) => {
      ctx.skip(!url, reason);
      const manifest = getModel(id);
      // Same bytes and sha256 as published: only the location changes.
      const client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: { [id]: [{ ...manifest.files[0], url: url! }] } });
      clients.push(client);
      const image = await makePhoto(W, H);
      const mask = await makeMask(W, H, [HOLE]);
      const done = await client.wait((await client.submit({ image, mask, prompt: 'x', model: id })).data.task_id);
      expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
      expect(done.data.model).toBe(id);
      const input = await pixelsOf(image);
      const output = await pixelsOf(done.data.generated[0]);
      const cmp = compareAroundHoles(input.data, output.data, W, [HOLE]);
      expect(cmp.changedOutside).toBe(0);
      expect(cmp.changedInside).toBeGreaterThan(cmp.inside * 0.5);
      // A learned fill continues the surroundings: the red x-ramp's mean across the hole.
      let red = 0;
      for (let y = HOLE.y; y < HOLE.y + HOLE.height; y++) for (let x = HOLE.x; x < HOLE.x + HOLE.width; x++) red += output.data[(y * W + x) * 4];
      const meanRed = red / (HOLE.width * HOLE.height);
      expect(meanRed).toBeGreaterThan((HOLE.x * 255) / W - 25);
      expect(meanRed).toBeLessThan(((HOLE.x + HOLE.width) * 255) / W + 25);
    });
  }
});
