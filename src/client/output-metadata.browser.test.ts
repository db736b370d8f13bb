/**
 * Colour and metadata of results, end to end through the real client, worker
 * and built-in model on WASM: the input's ICC profile, EXIF and XMP reach the
 * output file (PNG, JPEG, WebP), orientation is reset with upright pixels,
 * `metadata` strips what it says, and transparency over JPEG is white.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exifr from 'exifr';
import { InpaintClient } from './inpaint-client';
import type { InpaintRequest } from '../request/types';
import { readImageMetadata } from '../image/metadata';
import { CAMERA, containsBytes, latitudeBytes } from '../image/metadata/test-exif';
import { makeMask, type Hole } from '../../test/fixtures/images';
import { adobeRgbCameraJpeg, adobeRgbProfile, differenceOutside, displayP3Png, redDiscPng, shownPixels } from '../../test/fixtures/colour';

/** Displayed size of the fixtures (the Adobe RGB JPEG is stored 64×96 with orientation 6). */
const W = 96;
const H = 64;
const HOLES: Hole[] = [{ x: 40, y: 24, width: 14, height: 12 }];

let client: InpaintClient;
let fixtures: Record<'adobeJpeg' | 'p3Png', Blob>;
let mask: Blob;

beforeAll(async () => {
  client = new InpaintClient({ backend: 'wasm', persist: false });
  fixtures = { adobeJpeg: await adobeRgbCameraJpeg({ width: H, height: W }), p3Png: await displayP3Png(W, H) };
  mask = await makeMask(W, H, HOLES);
});

afterAll(() => client.dispose());

const runs = new Map<string, Promise<Blob>>();

/** One task per fixture and fields (memoised: several tests look at the same result). */
function run(image: 'adobeJpeg' | 'p3Png', fields: Partial<InpaintRequest> = {}): Promise<Blob> {
  const key = `${image} ${JSON.stringify(fields)}`;
  let result = runs.get(key);
  if (!result) {
    result = (async () => {
      const body = { image: fixtures[image], mask, prompt: 'remove the spot', seed: 11, model: 'builtin-fill', rendering_speed: 'TURBO' as const, ...fields };
      const { data } = await client.submit(body);
      const done = await client.wait(data.task_id);
      expect(done.data.status, JSON.stringify(done.data.error)).toBe('COMPLETED');
      return (await fetch(done.data.generated[0])).blob();
    })();
    runs.set(key, result);
  }
  return result;
}

const bytes = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);

describe('colour: the output keeps the input colour space', () => {
  for (const name of ['adobeJpeg', 'p3Png'] as const) {
    it(`${name}: outside the hole, output and input shown through their own profiles agree within 1/255; the profile bytes are the input's`, async () => {
      const input = fixtures[name];
      const inputIcc = (await readImageMetadata(await bytes(input))).icc;
      expect(inputIcc?.length).toBeGreaterThan(400);
      if (name === 'adobeJpeg') expect(same(inputIcc, adobeRgbProfile())).toBe(true);
      const output = await run(name);
      expect(output.type).toBe('image/png');
      expect(same((await readImageMetadata(await bytes(output))).icc, inputIcc)).toBe(true);

      const shownIn = await shownPixels(input);
      const shownOut = await shownPixels(output);
      expect([shownOut.width, shownOut.height]).toEqual([W, H]);
      expect(differenceOutside(shownIn.data, shownOut.data, W, HOLES).max).toBeLessThanOrEqual(1);
      // What an untagged output (the old behaviour) shows instead: the stored numbers read as sRGB.
      const untagged = differenceOutside(shownIn.data, (await shownPixels(output, false)).data, W, HOLES);
      expect(untagged.max).toBeGreaterThan(10);
    });
  }

  it('JPEG and WebP outputs carry the profile too, with colours within their compression error', async () => {
    for (const output_format of ['jpeg', 'webp'] as const) {
      for (const name of ['adobeJpeg', 'p3Png'] as const) {
        const input = fixtures[name];
        const output = await run(name, { output_format });
        expect(output.type).toBe(`image/${output_format}`);
        expect(same((await readImageMetadata(await bytes(output))).icc, (await readImageMetadata(await bytes(input))).icc)).toBe(true);
        const shownIn = await shownPixels(input);
        const tagged = differenceOutside(shownIn.data, (await shownPixels(output)).data, W, HOLES);
        const untagged = differenceOutside(shownIn.data, (await shownPixels(output, false)).data, W, HOLES);
        expect(tagged.mean, `${output_format} from ${name}`).toBeLessThan(2.5);
        expect(untagged.mean).toBeGreaterThan(tagged.mean + 3);
      }
    }
  });
});

describe('metadata: EXIF and XMP', () => {
  it('keep (default): Make and date survive, orientation reads 1, pixels are upright, GPS is kept', async () => {
    for (const output_format of ['png', 'jpeg', 'webp'] as const) {
      const output = await run('adobeJpeg', output_format === 'png' ? {} : { output_format });
      const meta = await readImageMetadata(await bytes(output));
      const tags = await exifr.parse(meta.exif!, { translateValues: false, reviveValues: false, gps: true });
      expect(tags.Make, output_format).toBe(CAMERA.make);
      expect(tags.DateTimeOriginal).toBe(CAMERA.date);
      expect(tags.Orientation).toBe(1);
      expect(tags.latitude).toBeCloseTo(48.856667, 5);
      expect(new TextDecoder().decode(meta.xmp)).toContain('tiff:Orientation="1"');
      // Stored upright: even a decoder that ignores EXIF sees the displayed size.
      const stored = await createImageBitmap(output, { imageOrientation: 'none' });
      expect([stored.width, stored.height]).toEqual([W, H]);
      stored.close();
    }
  });

  it('strip leaves no EXIF or XMP (the profile stays); strip-location leaves no GPS and keeps the rest', async () => {
    for (const output_format of ['png', 'jpeg', 'webp'] as const) {
      const stripped = await bytes(await run('adobeJpeg', { output_format, metadata: 'strip' }));
      const meta = await readImageMetadata(stripped);
      expect(Object.keys(meta), output_format).toEqual(['icc']);
      expect(containsBytes(stripped, new TextEncoder().encode(CAMERA.make))).toBe(false);

      const noGps = await bytes(await run('adobeJpeg', { output_format, metadata: 'strip-location' }));
      const kept = await readImageMetadata(noGps);
      const tags = await exifr.parse(kept.exif!, { translateValues: false, reviveValues: false, gps: true });
      expect(tags.Make).toBe(CAMERA.make);
      expect(tags.DateTimeOriginal).toBe(CAMERA.date);
      expect(tags.latitude).toBeUndefined();
      expect(containsBytes(noGps, latitudeBytes())).toBe(false);
      const xmp = new TextDecoder().decode(kept.xmp);
      expect(xmp).toContain(`xmp:CreatorTool="${CAMERA.model}"`);
      expect(xmp).not.toMatch(/GPS/);
    }
  });
});

describe('transparency to JPEG', () => {
  it('a red disc on transparency exported as JPEG has a white background, or the chosen one', async () => {
    const disc = await redDiscPng(64, 20);
    const discMask = await makeMask(64, 64, [{ x: 28, y: 28, width: 8, height: 8 }]);
    for (const [background, expected] of [[undefined, [255, 255, 255]], ['#0000ff', [0, 0, 255]]] as const) {
      const { data } = await client.submit({ image: disc, mask: discMask, prompt: 'x', seed: 1, rendering_speed: 'TURBO', output_format: 'jpeg', ...(background ? { background } : {}) });
      const done = await client.wait(data.task_id);
      const out = await shownPixels(await (await fetch(done.data.generated[0])).blob());
      for (const [x, y] of [[2, 2], [61, 2], [2, 61], [61, 61]]) {
        const p = (y * 64 + x) * 4;
        for (let c = 0; c < 3; c++) expect(Math.abs(out.data[p + c] - expected[c]), `corner ${x},${y} on ${background ?? 'default'}`).toBeLessThanOrEqual(3);
      }
      const centre = (20 * 64 + 32) * 4; // inside the disc, outside the hole
      expect(out.data[centre]).toBeGreaterThan(240);
      expect(out.data[centre + 1]).toBeLessThan(15);
    }
  });
});
