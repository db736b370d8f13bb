/**
 * The built-in fill takes its crop with a blank hole (prepare.ts `takeCrop('blank')`:
 * grey where the prefill's pull-push was) because its graph never reads the
 * values under its mask. Run in the page on real ORT (WASM) and the real paste
 * into the decode canvas and PNG encode, the output is the same bytes as with
 * the prefilled crop: shrunk (a compact hole at TURBO's 256 px) or at full size
 * (thin lines on a small image), opaque or partly transparent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuiltinFill } from './builtin-fill';
import type { InpaintJob, PipelineContext } from './contract';
import { prepareInputs, type PreparedInputs } from './prepare';
import type { Route } from './route';
import { SessionManager } from '../runtime/sessions';
import { configureOrt } from '../runtime/ort-env';
import { bytesOf, makeMask, makePhoto, type Hole } from '../../test/fixtures/images';

/** A photo whose left half is partly transparent (alpha 90..250). */
async function translucent(width: number, height: number): Promise<Blob> {
  const img = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const alpha = x < width / 2 ? 90 + ((x * 7 + y * 3) % 161) : 255;
      img.data.set([(x * 255) / width, (y * 255) / height, 128 + 60 * Math.sin(x / 7) * Math.cos(y / 11), alpha], (y * width + x) * 4);
    }
  }
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

const sha256 = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('built-in fill: a blank hole in its crop gives the bytes of a prefilled one', () => {
  let sessions: SessionManager;
  beforeAll(() => {
    configureOrt();
    sessions = new SessionManager();
  });

  async function fill(job: InpaintJob, how: 'blank' | 'prefill'): Promise<{ bytes: Uint8Array; asked: string[] }> {
    const input = await prepareInputs(job);
    const asked: string[] = [];
    const take = input.takeCrop!.bind(input);
    // 'prefill': the crop as before the blank hole, whatever the pipeline asks for.
    const takeCrop = (hole?: 'prefill' | 'blank', cropMask?: Uint8Array) => (asked.push(hole ?? 'prefill'), take(how === 'blank' ? hole : 'prefill', cropMask));
    const prepared = new Proxy(input, { get: (target, key) => (key === 'takeCrop' ? takeCrop : Reflect.get(target, key)) }) as PreparedInputs;
    const ctx: PipelineContext = {
      sessions,
      backend: 'wasm',
      onProgress: () => {},
      signal: new AbortController().signal,
      encode: () => Promise.reject(new Error('the canvas path was expected')),
      encodeCanvas: (canvas) => canvas.convertToBlob({ type: 'image/png' }),
    };
    try {
      const { images } = await runBuiltinFill(job, ctx, { modelId: 'builtin-fill' } as Route, prepared);
      return { bytes: await bytesOf(images[0].blob), asked };
    } finally {
      input.release?.();
    }
  }

  const cases: [string, () => Promise<Blob>, number, number, Hole[], InpaintJob['renderingSpeed']][] = [
    ['a compact hole, shrunk (TURBO, opaque JPEG)', () => makePhoto(900, 700, 'image/jpeg'), 900, 700, [{ x: 300, y: 200, width: 330, height: 280 }], 'TURBO'],
    ['a compact hole, shrunk (TURBO, partly transparent PNG)', () => translucent(900, 700), 900, 700, [{ x: 300, y: 200, width: 330, height: 280 }], 'TURBO'],
    [
      'thin lines at full size (DEFAULT, opaque PNG)',
      () => makePhoto(301, 203),
      301,
      203,
      [
        { x: 0, y: 90, width: 301, height: 3 },
        { x: 150, y: 0, width: 2, height: 203 },
      ],
      'DEFAULT',
    ],
  ];
  for (const [name, image, w, h, holes, speed] of cases) {
    it(name, { timeout: 60_000 }, async () => {
      const job = { image: await image(), mask: await makeMask(w, h, holes), renderingSpeed: speed, seeds: [5], taskId: 't', prompt: 'x', outputFormat: 'png' } as unknown as InpaintJob;
      const blank = await fill(job, 'blank');
      const prefilled = await fill(job, 'prefill');
      expect(blank.asked).toEqual(['blank']);
      expect(blank.bytes.length).toBeGreaterThan(1000);
      // Compared by hash: a diff of two PNGs' bytes is no help, and slow to print.
      expect(await sha256(blank.bytes)).toBe(await sha256(prefilled.bytes));
    });
  }
});
