/**
 * The built-in fill in Chromium, where freeNow (src/shared/free-now.ts) really
 * detaches the buffers it is given (the model's tensors and output, the shrunk
 * copies, the upsample, the texture's planes, each pasted fill): every image of
 * a multi-image job is the bytes of the same job with freeNow a no-op (as in
 * Node), through the paste into the decode canvas and through the paste into
 * the image's pixels; and a second run on the same prepared inputs (what the
 * next backend does after a failure, workers/api.ts) gives the first run's
 * bytes again, so nothing that run frees belongs to the inputs. Real ORT (WASM).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuiltinFill } from './builtin-fill';
import type { InpaintJob, PipelineContext } from './contract';
import { prepareInputs, type PreparedInputs } from './prepare';
import type { Route } from './route';
import { SessionManager } from '../runtime/sessions';
import { configureOrt } from '../runtime/ort-env';
import { bytesOf, makeMask, makePhoto, type Hole } from '../../test/fixtures/images';
import { withFreeNowCounted, withFreeNowOff } from '../../test/fixtures/free-now-switch';

const sha256 = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))].map((b) => b.toString(16).padStart(2, '0')).join('');

const png = (canvas: OffscreenCanvas) => canvas.convertToBlob({ type: 'image/png' });

/** A PNG of `rgba` (the paste into the image's pixels encodes those). */
function encodeRgba(rgba: Uint8ClampedArray, width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(new ImageData(rgba.slice(), width, height), 0, 0);
  return png(canvas);
}

describe('built-in fill with freeNow on: the bytes of freeNow off, for every image and on a retry', () => {
  let sessions: SessionManager;
  beforeAll(() => {
    configureOrt();
    sessions = new SessionManager();
  });

  /** The job's images (hashes), pasted into the decode canvas or into the image's pixels; `times` runs on one prepared input. */
  async function fill(job: InpaintJob, into: 'canvas' | 'pixels', times = 1): Promise<string[][]> {
    const input: PreparedInputs = await prepareInputs(job);
    const ctx: PipelineContext = {
      sessions,
      backend: 'wasm',
      onProgress: () => {},
      signal: new AbortController().signal,
      encode: (rgba) => (into === 'pixels' ? encodeRgba(rgba, input.width, input.height) : Promise.reject(new Error('the canvas path was expected'))),
      ...(into === 'canvas' ? { encodeCanvas: png } : {}),
    };
    const runs: string[][] = [];
    try {
      for (let t = 0; t < times; t++) {
        const { images } = await runBuiltinFill(job, ctx, { modelId: 'builtin-fill' } as Route, input);
        expect(images.map((i) => i.seed)).toEqual(job.seeds);
        runs.push(await Promise.all(images.map(async (i) => sha256(await bytesOf(i.blob)))));
      }
    } finally {
      input.release?.();
    }
    return runs;
  }

  /** [name, image, width, height, holes, speed, images that differ (the texture is per seed; thin lines get none)]. */
  const cases: [string, () => Promise<Blob>, number, number, Hole[], InpaintJob['renderingSpeed'], number][] = [
    // Shrunk to 256 px, the upsample over the hole's box, the texture's shrunk path.
    ['a compact hole, shrunk (TURBO)', () => makePhoto(900, 700, 'image/jpeg'), 900, 700, [{ x: 300, y: 200, width: 330, height: 280 }], 'TURBO', 3],
    ['a compact hole, shrunk (DEFAULT)', () => makePhoto(900, 700, 'image/jpeg'), 900, 700, [{ x: 300, y: 200, width: 330, height: 280 }], 'DEFAULT', 3],
    // At full size (the model's input is the crop itself, its output the structure's source).
    [
      'thin lines at full size (DEFAULT)',
      () => makePhoto(301, 203),
      301,
      203,
      [
        { x: 0, y: 90, width: 301, height: 3 },
        { x: 150, y: 0, width: 2, height: 203 },
      ],
      'DEFAULT',
      1,
    ],
  ];
  for (const [name, image, w, h, holes, speed, distinct] of cases) {
    it(name, { timeout: 180_000 }, async () => {
      const job = { image: await image(), mask: await makeMask(w, h, holes), renderingSpeed: speed, seeds: [5, 6, 7], taskId: 't', prompt: 'x', outputFormat: 'png' } as unknown as InpaintJob;
      for (const into of ['canvas', 'pixels'] as const) {
        const [off] = await withFreeNowOff(() => fill(job, into));
        expect(new Set(off).size, `${into}: images that differ`).toBe(distinct);
        const on = await withFreeNowCounted(() => fill(job, into, 2));
        expect(on.detached.length, into).toBeGreaterThan(0);
        expect(on.value[0], `${into}: freeNow on`).toEqual(off);
        expect(on.value[1], `${into}: a second run on the same inputs`).toEqual(off);
      }
    });
  }
});
