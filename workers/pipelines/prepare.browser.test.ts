/**
 * prepareInputs: a PNG mask becomes a hole map without the browser decoding it
 * to RGBA (one createImageBitmap per job: the image's), with the same hole map,
 * bounds and prefilled pixels as the browser's decode gives; other masks still
 * go through the browser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { prepareInputs } from './prepare';
import { decodeImage } from '../../src/image/decode';
import { contextRect, cropHole, cropRgba, holeBounds, holeMapFromRgba } from '../../src/shared/pixels';
import { prefillHole } from '../../src/shared/prefill';
import { InpaintError } from '../../src/shared/errors';
import { makeMask, makePhoto, pixelsOf } from '../../test/fixtures/images';

const original = globalThis.createImageBitmap;
/** Counts createImageBitmap calls on Blobs: one per image the browser decodes. */
function countDecodes(): { blobs: number } {
  const count = { blobs: 0 };
  globalThis.createImageBitmap = ((source: ImageBitmapSource, ...rest: unknown[]) => {
    if (source instanceof Blob) count.blobs++;
    return (original as (...a: unknown[]) => Promise<ImageBitmap>)(source, ...rest);
  }) as typeof createImageBitmap;
  return count;
}
const originalRead = OffscreenCanvasRenderingContext2D.prototype.getImageData;
/** Records the size of every getImageData on an OffscreenCanvas: what was read out of a canvas. */
function countReads(): number[] {
  const areas: number[] = [];
  OffscreenCanvasRenderingContext2D.prototype.getImageData = function (this: OffscreenCanvasRenderingContext2D, ...a: Parameters<typeof originalRead>) {
    areas.push(a[2] * a[3]);
    return originalRead.apply(this, a);
  } as typeof originalRead;
  return areas;
}
afterEach(() => {
  globalThis.createImageBitmap = original;
  OffscreenCanvasRenderingContext2D.prototype.getImageData = originalRead;
});

/** What prepareInputs gave before it read PNG masks itself: both through the browser, then hole map, bounds, prefill. */
async function throughBrowser(image: Blob, mask: Blob) {
  const img = await decodeImage(image, 'image');
  const m = await decodeImage(mask, 'mask');
  const hole = holeMapFromRgba(m.data, m.width, m.height);
  const bounds = holeBounds(hole, m.width, m.height)!;
  const rect = contextRect(bounds, img.width, img.height);
  const known = prefillHole(img.data, hole, img.width, img.height, rect);
  return { rgba: img.data, hole, bounds, rect, known };
}

/** White, a transparent corner, and a black rectangle with `alpha` (0..255): partly transparent pixels. */
async function withAlpha(width: number, height: number, alpha: number): Promise<Blob> {
  const img = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= 30 && x < 70 && y >= 20 && y < 45;
      img.data.set(inside ? [0, 0, 0, alpha] : x < 8 && y < 8 ? [0, 0, 0, 0] : [255, 255, 255, 255], (y * width + x) * 4);
    }
  }
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

describe('prepareInputs', () => {
  it('reads a PNG mask without the browser decoding it, with the same hole, bounds and prefill', async () => {
    const image = await makePhoto(161, 97, 'image/jpeg');
    const mask = await makeMask(161, 97, [
      { x: 20, y: 10, width: 30, height: 15 },
      { x: 120, y: 60, width: 41, height: 37 },
    ]);
    const expected = await throughBrowser(image, mask);
    const decodes = countDecodes();
    const input = await prepareInputs({ image, mask });
    expect(decodes.blobs).toBe(1);
    // The crop's hole map is what is kept; the whole map is made from it on demand, once.
    expect(input.cropHole).toEqual(cropHole(expected.hole, 161, expected.rect));
    expect(input.hole).toEqual(expected.hole);
    expect(input.hole).toBe(input.hole);
    expect(input.bounds).toEqual({ x: 20, y: 10, width: 141, height: 87 });
    expect(input.bounds).toEqual(expected.bounds);
    expect(input.rect).toEqual(expected.rect);
    expect(input.known).toBe(expected.known);
    expect(input.rgba).toEqual(expected.rgba);
  });

  it('leaves a partly transparent PNG mask and a JPEG mask to the browser, with the same result as before', async () => {
    const image = await makePhoto(100, 60);
    for (const mask of [await withAlpha(100, 60, 153), await withAlpha(100, 60, 129), await makeMask(100, 60, [{ x: 10, y: 10, width: 20, height: 20 }]).then(async (png) => {
      const canvas = new OffscreenCanvas(100, 60);
      canvas.getContext('2d')!.drawImage(await createImageBitmap(png), 0, 0);
      return canvas.convertToBlob({ type: 'image/jpeg', quality: 1 });
    })]) {
      const expected = await throughBrowser(image, mask);
      const decodes = countDecodes();
      const input = await prepareInputs({ image, mask });
      expect(decodes.blobs).toBe(2);
      expect(input.hole).toEqual(expected.hole);
      expect(input.bounds).toEqual(expected.bounds);
      expect(input.rgba).toEqual(expected.rgba);
    }
  });

  it('keeps the errors and their order: the image first, then the mask, then the sizes', async () => {
    const mask = await makeMask(40, 30, [{ x: 5, y: 5, width: 10, height: 10 }]);
    const junk = new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' });
    const bad = (await prepareInputs({ image: junk, mask }).catch((e: unknown) => e)) as InpaintError;
    expect(bad.code).toBe('image_decode');
    expect(bad.details).toEqual({ field: 'image' });
    const badMask = (await prepareInputs({ image: await makePhoto(40, 30), mask: junk }).catch((e: unknown) => e)) as InpaintError;
    expect(badMask.details).toEqual({ field: 'mask' });
    const size = (await prepareInputs({ image: await makePhoto(41, 30), mask }).catch((e: unknown) => e)) as InpaintError;
    expect(size.code).toBe('invalid_request');
    expect(size.message).toContain('the mask is 40x30 but the image is 41x30');
    const white = (await prepareInputs({ image: await makePhoto(40, 30), mask: await makeMask(40, 30, []) }).catch((e: unknown) => e)) as InpaintError;
    expect(white.message).toContain('the mask has no black pixels');
  });

  it('reads only the crop around the hole out of the image, and the whole image only when asked for it', async () => {
    const image = await withAlpha(400, 300, 200);
    const mask = await makeMask(400, 300, [{ x: 40, y: 30, width: 60, height: 50 }]);
    const expected = await throughBrowser(image, mask);
    const reads = countReads();
    const input = await prepareInputs({ image, mask });
    // Nothing read until a pipeline asks; then one read, of the context rect: not the 400×300 image.
    expect(reads).toEqual([]);
    expect(input.rect).toEqual(expected.rect);
    expect(input.rect.width * input.rect.height).toBeLessThan(400 * 300);
    expect(input.known).toBe(expected.known);
    expect(input.canvas).toBeDefined();
    // The crop, hole prefilled, is the same bytes as that rect of the prefilled image (partly transparent pixels too);
    // taken twice, it is read again (the caller may have written into the first).
    const crop = input.takeCrop!();
    expect(reads).toEqual([input.rect.width * input.rect.height]);
    expect(crop).toEqual(cropRgba(expected.rgba, 400, expected.rect));
    crop.fill(0);
    expect(input.takeCrop!()).toEqual(cropRgba(expected.rgba, 400, expected.rect));
    // The whole image on demand, prefilled; the canvas is let go of then.
    expect(input.rgba).toEqual(expected.rgba);
    expect(reads.at(-1)).toBe(400 * 300);
    expect(input.canvas).toBeUndefined();
    expect(input.takeCrop!()).toEqual(cropRgba(expected.rgba, 400, expected.rect));
  });

  it("takes the crop with a blank hole: neutral grey in an opaque photo's hole, every other byte and the alpha the prefill's", async () => {
    const cases: [string, Blob][] = [
      ['opaque JPEG', await makePhoto(300, 200, 'image/jpeg')],
      ['partly transparent PNG', await withAlpha(300, 200, 200)],
    ];
    const mask = await makeMask(300, 200, [
      { x: 40, y: 30, width: 60, height: 50 },
      { x: 150, y: 20, width: 7, height: 120 },
    ]);
    for (const [name, image] of cases) {
      const expected = await throughBrowser(image, mask);
      const prefilled = cropRgba(expected.rgba, 300, expected.rect);
      const input = await prepareInputs({ image, mask });
      expect(input.known, name).toBe(expected.known);
      const blank = input.takeCrop!('blank');
      const { x: rx, y: ry, width: rw } = input.rect;
      let grey = 0;
      for (let p = 0; p < blank.length / 4; p++) {
        const inHole = input.hole[(ry + ((p / rw) | 0)) * 300 + rx + (p % rw)] === 1;
        const got = Array.from(blank.subarray(p * 4, p * 4 + 4));
        const want = Array.from(prefilled.subarray(p * 4, p * 4 + 4));
        if (!inHole || name !== 'opaque JPEG') expect(got, `${name} pixel ${p}`).toEqual(want);
        else {
          expect(got, `${name} pixel ${p}`).toEqual([128, 128, 128, want[3]]);
          grey++;
        }
      }
      // The JPEG's hole is all grey (60×50 and 7×120 less their overlap: none); the PNG's is the prefill (above).
      expect(grey, name).toBe(name === 'opaque JPEG' ? 60 * 50 + 7 * 120 : 0);
      // The default is still the prefill.
      expect(input.takeCrop!(), name).toEqual(prefilled);
    }
  });

  it('keeps every pixel outside the hole exact on a 12-megapixel photo', async () => {
    const image = await makePhoto(4000, 3000);
    const mask = await makeMask(4000, 3000, [{ x: 1500, y: 900, width: 700, height: 500 }]);
    const input = await prepareInputs({ image, mask });
    const src = await pixelsOf(image);
    let changedOutside = 0;
    for (let p = 0; p < input.hole.length; p++) {
      if (input.hole[p]) continue;
      const i = p * 4;
      if (input.rgba[i] !== src.data[i] || input.rgba[i + 1] !== src.data[i + 1] || input.rgba[i + 2] !== src.data[i + 2] || input.rgba[i + 3] !== src.data[i + 3]) changedOutside++;
    }
    expect(changedOutside).toBe(0);
    expect(input.bounds).toEqual({ x: 1500, y: 900, width: 700, height: 500 });
  });
});
