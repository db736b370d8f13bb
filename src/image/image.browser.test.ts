import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { canEncode, decodeImage, encodeImage } from './index';
import { bitmapOptions, decodeToCanvas } from './decode';
import { makePhoto } from '../../test/fixtures/images';
import { adobeRgbCameraJpeg } from '../../test/fixtures/colour';

/** A w×h opaque image: left half red, right half blue. */
function halves(w: number, h: number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data.set(x < w / 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], (y * w + x) * 4);
  }
  return data;
}

/** Opaque pseudo-random pixels: a PNG of these can only round-trip if it is lossless. */
function opaqueNoise(w: number, h: number, seed = 7): Uint8ClampedArray {
  const data = new Uint8ClampedArray(w * h * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : s >>> 24;
  }
  return data;
}

/** `red` is clearly red and `blue` clearly blue (a lossy format keeps that much of `halves`). */
function expectRedAndBlue(red: number[], blue: number[]): void {
  expect(red[0]).toBeGreaterThan(200);
  expect(red[2]).toBeLessThan(60);
  expect(blue[2]).toBeGreaterThan(200);
  expect(blue[0]).toBeLessThan(60);
}

function pixel(img: { width: number; data: Uint8ClampedArray }, x: number, y: number): number[] {
  const p = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(p, p + 4));
}

/**
 * Inserts an EXIF APP1 segment with one IFD0 entry, Orientation (0x0112) = `orientation`,
 * right after the JPEG's SOI marker. Big-endian ("MM") TIFF header, IFD at offset 8.
 */
async function withExifOrientation(jpeg: Blob, orientation: number): Promise<Blob> {
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  const tiff = [
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD0 at offset 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, // tag 0x0112, type SHORT, count 1
    0x00, orientation, 0x00, 0x00, // value, left-justified in the 4-byte field
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff]; // "Exif\0\0"
  const length = payload.length + 2; // the length field counts itself
  const app1 = [0xff, 0xe1, length >> 8, length & 0xff, ...payload];
  return new Blob([bytes.subarray(0, 2), new Uint8Array(app1), bytes.subarray(2)], { type: 'image/jpeg' });
}

describe('decodeImage', () => {
  it('decodes PNG, JPEG and WebP made by OffscreenCanvas', async () => {
    const src = halves(16, 8);
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const blob = await encodeImage(src, 16, 8, format, 0.95);
      expect(blob.type).toBe(`image/${format}`);
      const img = await decodeImage(blob, 'image');
      expect([img.width, img.height]).toEqual([16, 8]);
      expect(img.data.length).toBe(16 * 8 * 4);
      // Lossy formats: the centres of the halves stay clearly red and blue.
      expectRedAndBlue(pixel(img, 3, 4), pixel(img, 12, 4));
    }
  });

  it('honours EXIF Orientation 6 (rotate 90° clockwise): sides swap, left goes to top', async () => {
    const jpeg = await encodeImage(halves(16, 8), 16, 8, 'jpeg', 0.95);
    const plain = await decodeImage(jpeg);
    expect([plain.width, plain.height]).toEqual([16, 8]);

    const rotated = await decodeImage(await withExifOrientation(jpeg, 6));
    expect([rotated.width, rotated.height]).toEqual([8, 16]);
    // Rotating clockwise puts the left (red) half on top and the right (blue) half below.
    expectRedAndBlue(pixel(rotated, 4, 3), pixel(rotated, 4, 12));
  });

  it('keeps the size for EXIF Orientation 1', async () => {
    const jpeg = await encodeImage(halves(16, 8), 16, 8, 'jpeg');
    const img = await decodeImage(await withExifOrientation(jpeg, 1));
    expect([img.width, img.height]).toEqual([16, 8]);
  });

  it('fails with image_decode naming the field for bytes that are not an image', async () => {
    const junk = new Blob([new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07])], { type: 'image/png' });
    const err = await decodeImage(junk, 'mask').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InpaintError);
    expect((err as InpaintError).code).toBe('image_decode');
    expect((err as InpaintError).details).toEqual({ field: 'mask' });
    expect((err as InpaintError).message).toContain('"mask"');
  });

  it('fails with image_decode for a truncated PNG', async () => {
    const png = new Uint8Array(await (await encodeImage(opaqueNoise(32, 32), 32, 32, 'png')).arrayBuffer());
    const err = await decodeImage(new Blob([png.subarray(0, 40)]), 'image').catch((e: unknown) => e);
    expect((err as InpaintError).code).toBe('image_decode');
  });
});

/** `jpeg` without its APP2 segments (Chromium writes its sRGB profile into one). */
async function withoutApp2(jpeg: Blob): Promise<Blob> {
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (bytes[at + 1] !== 0xda) {
    const end = at + 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
    if (bytes[at + 1] !== 0xe2) parts.push(bytes.subarray(at, end));
    at = end;
  }
  parts.push(bytes.subarray(at));
  return new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'image/jpeg' });
}

/** `blob` decoded with these createImageBitmap options, read from a CPU canvas. */
async function decodedWith(blob: Blob, options?: ImageBitmapOptions): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const bitmap = await createImageBitmap(blob, options);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  return { width: bitmap.width, height: bitmap.height, data: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
}

describe("decodeImage and decodeToCanvas: an sRGB JPEG through the browser's default options", () => {
  const EXACT: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'none' };

  it("gives the exact options' pixels for a JPEG with the browser's own sRGB profile or none, EXIF orientation applied", async () => {
    const canvasJpeg = await makePhoto(320, 200, 'image/jpeg');
    const cases: [string, Blob][] = [
      ["the browser's sRGB profile", canvasJpeg],
      ['no profile', await withoutApp2(canvasJpeg)],
      ['no profile, EXIF orientation 6', await withExifOrientation(await withoutApp2(canvasJpeg), 6)],
      ["the browser's sRGB profile, EXIF orientation 6", await withExifOrientation(canvasJpeg, 6)],
    ];
    for (const [name, blob] of cases) {
      expect(await bitmapOptions(blob), name).toEqual({ imageOrientation: 'from-image' });
      const exact = await decodedWith(blob, EXACT);
      expect([exact.width, exact.height], name).toEqual(name.includes('orientation 6') ? [200, 320] : [320, 200]);
      const img = await decodeImage(blob);
      expect([img.width, img.height], name).toEqual([exact.width, exact.height]);
      expect(img.data, name).toEqual(exact.data);
      const { width, height, canvas, context } = await decodeToCanvas(blob);
      expect(context.getImageData(0, 0, width, height).data, name).toEqual(exact.data);
      canvas.width = canvas.height = 0;
    }
  });

  it("keeps the exact options for another profile (Adobe RGB: the defaults would convert it) and for PNG", async () => {
    const adobe = await adobeRgbCameraJpeg({ width: 96, height: 64 });
    expect(await bitmapOptions(adobe)).toEqual(EXACT);
    const exact = await decodedWith(adobe, EXACT);
    const img = await decodeImage(adobe);
    expect([img.width, img.height]).toEqual([64, 96]);
    expect(img.data).toEqual(exact.data);
    // What the defaults would have given: other numbers.
    expect((await decodedWith(adobe, { imageOrientation: 'from-image' })).data).not.toEqual(exact.data);
    expect(await bitmapOptions(await encodeImage(halves(16, 8), 16, 8, 'png'))).toEqual(EXACT);
    expect(await bitmapOptions(new Blob([new Uint8Array([0xff, 0xd8, 0xff])]))).toEqual(EXACT);
  });
});

describe('encodeImage', () => {
  it('PNG round-trips opaque pixels bit-exactly', async () => {
    const src = opaqueNoise(37, 23);
    const blob = await encodeImage(src, 37, 23, 'png');
    expect(blob.type).toBe('image/png');
    const img = await decodeImage(blob);
    expect([img.width, img.height]).toEqual([37, 23]);
    expect(img.data).toEqual(src);
  });

  it('PNG round-trips fully transparent and fully opaque alpha', async () => {
    const src = opaqueNoise(8, 8, 3);
    for (let i = 3; i < src.length; i += 8) src[i] = 0; // every other pixel transparent
    // A premultiplied canvas cannot keep colour under alpha 0; zero it so the comparison is fair.
    for (let p = 0; p < src.length; p += 4) if (src[p + 3] === 0) src.fill(0, p, p + 3);
    const img = await decodeImage(await encodeImage(src, 8, 8, 'png'));
    expect(img.data).toEqual(src);
  });

  it('decode → PNG → decode is idempotent for partly transparent pixels', async () => {
    // The canvas stores premultiplied alpha, so the first decode quantises colour
    // under alpha 1..254; after that, every further round trip is exact, which is
    // what keeps pixels outside the hole identical to the decoded input.
    const w = 256, h = 64;
    const src = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) src.set([x, (x * 3 + y) & 255, 255 - x, 1 + y * 4], (y * w + x) * 4);
    const first = await decodeImage(await encodeImage(src, w, h, 'png'));
    for (let i = 3; i < src.length; i += 4) expect(first.data[i]).toBe(src[i]); // alpha itself is exact
    const second = await decodeImage(await encodeImage(first.data, w, h, 'png'));
    expect(second.data).toEqual(first.data);
  });

  it('encodes WebP as WebP in Chromium (no silent PNG fallback)', async () => {
    expect(await canEncode('webp')).toBe(true);
    expect(await canEncode('jpeg')).toBe(true);
    const blob = await encodeImage(opaqueNoise(8, 8), 8, 8, 'webp', 0.8);
    const head = new Uint8Array(await blob.slice(0, 12).arrayBuffer());
    expect(String.fromCharCode(...head.subarray(0, 4), ...head.subarray(8, 12))).toBe('RIFFWEBP');
  });

  it('JPEG quality changes the size', async () => {
    const src = opaqueNoise(64, 64);
    const low = await encodeImage(src, 64, 64, 'jpeg', 0.2);
    const high = await encodeImage(src, 64, 64, 'jpeg', 0.95);
    expect(low.type).toBe('image/jpeg');
    expect(high.size).toBeGreaterThan(low.size);
  });

  it('rejects an unknown format with invalid_request naming output_format', async () => {
    const err = await encodeImage(new Uint8ClampedArray(4), 1, 1, 'gif' as never).catch((e: unknown) => e);
    expect((err as InpaintError).code).toBe('invalid_request');
    expect((err as InpaintError).invalid_params?.[0]?.name).toBe('output_format');
  });
});
