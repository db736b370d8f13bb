/**
 * Browser-only inputs: ImageBitmap and ImageData become PNG bytes that decode back
 * to the same pixels, and real JPEG/WebP files written by the browser's own
 * encoder pass `validateRequest` with the right sizes.
 */
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { resolveImageInput } from './resolve';
import { readImageHeader, sniffImageType } from './sniff';
import { validateRequest } from './validate';

/** Opaque test pattern: every pixel differs, so a shift or a channel swap shows. */
function pattern(width: number, height: number, alpha = (_i: number) => 255): ImageData {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i * 13) & 255;
    data[i * 4 + 1] = (i * 29 + 7) & 255;
    data[i * 4 + 2] = 255 - ((i * 5) & 255);
    data[i * 4 + 3] = alpha(i);
  }
  return new ImageData(data, width, height, { colorSpace: 'srgb' });
}

/** Decodes bytes back to RGBA without colour conversion or premultiplication. */
async function decode(blob: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { colorSpace: 'srgb' })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

async function encodeWith(type: string, quality?: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(33, 17);
  canvas.getContext('2d')!.putImageData(pattern(33, 17), 0, 0);
  return canvas.convertToBlob({ type, quality });
}

describe('resolveImageInput in the browser', () => {
  it('encodes ImageData as a PNG that decodes to exactly the same pixels', async () => {
    const source = pattern(23, 11);
    const blob = await resolveImageInput(source, 'image');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(sniffImageType(bytes)).toBe('image/png');
    expect(readImageHeader(bytes)).toEqual({ width: 23, height: 11 });
    const back = await decode(blob);
    expect([back.width, back.height]).toEqual([23, 11]);
    expect(Array.from(back.data)).toEqual(Array.from(source.data));
  });

  it('keeps fully opaque and fully transparent alpha exactly (transparent colour is not kept: canvases premultiply)', async () => {
    const source = pattern(8, 4, (i) => (i % 2 === 0 ? 255 : 0));
    const back = await decode(await resolveImageInput(source, 'mask'));
    for (let i = 0; i < 32; i++) {
      expect(back.data[i * 4 + 3]).toBe(source.data[i * 4 + 3]);
      if (i % 2 === 0) expect(Array.from(back.data.subarray(i * 4, i * 4 + 3))).toEqual(Array.from(source.data.subarray(i * 4, i * 4 + 3)));
    }
  });

  it('encodes an ImageBitmap as a PNG with the same pixels', async () => {
    const source = pattern(9, 5);
    const bitmap = await createImageBitmap(source);
    const blob = await resolveImageInput(bitmap, 'image');
    const back = await decode(blob);
    expect(Array.from(back.data)).toEqual(Array.from(source.data));
  });

  it('refuses a closed ImageBitmap, naming the field', async () => {
    const bitmap = await createImageBitmap(pattern(2, 2));
    bitmap.close();
    const err = await resolveImageInput(bitmap, 'style_reference_images[0]').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InpaintError);
    expect((err as InpaintError).invalid_params).toEqual([{ name: 'style_reference_images[0]', reason: 'is an ImageBitmap of size 0x0 (was it closed?)' }]);
  });
});

describe('validateRequest in the browser', () => {
  it('accepts ImageData and ImageBitmap as image and mask', async () => {
    const req = await validateRequest({ image: pattern(12, 6), mask: await createImageBitmap(pattern(12, 6)), prompt: 'p', seed: 1 });
    expect([req.image.mime, req.image.width, req.image.height]).toEqual(['image/png', 12, 6]);
    expect([req.mask.mime, req.mask.width, req.mask.height]).toEqual(['image/png', 12, 6]);
  });

  it('refuses raw pixels above the pixel cap before encoding them', async () => {
    const err = await validateRequest({ image: pattern(12, 6), mask: pattern(12, 6), prompt: 'p' }, { maxPixels: 71 }).catch((e: unknown) => e);
    expect((err as InpaintError).code).toBe('invalid_request');
    expect((err as InpaintError).invalid_params?.map((p) => p.name)).toEqual(['image', 'mask']);
    expect((err as InpaintError).invalid_params?.[0].reason).toMatch(/is 12x6 = 72 pixels; the maximum is 71 pixels/);
  });

  it('reads a JPEG encoded by OffscreenCanvas.convertToBlob: 33x17', async () => {
    const jpeg = await encodeWith('image/jpeg', 0.8);
    expect(jpeg.type).toBe('image/jpeg');
    const req = await validateRequest({ image: jpeg, mask: pattern(33, 17), prompt: 'p' });
    expect([req.image.mime, req.image.width, req.image.height]).toEqual(['image/jpeg', 33, 17]);
  });

  it('reads lossy and lossless WebP encoded by OffscreenCanvas.convertToBlob: 33x17', async () => {
    for (const quality of [0.6, 1]) {
      const webp = await encodeWith('image/webp', quality);
      expect(webp.type).toBe('image/webp');
      const req = await validateRequest({ image: webp, mask: webp, prompt: 'p' });
      expect([req.image.mime, req.image.width, req.image.height]).toEqual(['image/webp', 33, 17]);
    }
  });
});
