import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { orientedSize, readOrientation, readTiffOrientation } from './exif';
import { describeOtherFormat, readImageHeader, sniffImageType } from './sniff';
import {
  CHROMIUM_JPEG_5X3,
  CHROMIUM_WEBP_LOSSLESS_5X3,
  CHROMIUM_WEBP_LOSSY_5X3,
  WEBP_FLAG_EXIF,
  buildWebp,
  encodePng,
  jpegWithOrientation,
  pngHeaderOnly,
  tiffWithOrientation,
  vp8xPayload,
  webpChunks,
} from './test-images';

const CORPUS = '/work/shared/corpus/dev';

function headerError(bytes: Uint8Array): InpaintError {
  try {
    readImageHeader(bytes);
  } catch (err) {
    if (err instanceof InpaintError) return err;
    throw err;
  }
  throw new Error('readImageHeader accepted the bytes');
}

describe('sniffImageType', () => {
  it('detects PNG, JPEG and WebP from their signatures', () => {
    expect(sniffImageType(encodePng(2, 2))).toBe('image/png');
    expect(sniffImageType(CHROMIUM_JPEG_5X3)).toBe('image/jpeg');
    expect(sniffImageType(CHROMIUM_WEBP_LOSSY_5X3)).toBe('image/webp');
  });

  it('returns undefined for random bytes, GIF and an empty buffer', () => {
    let state = 12345;
    const random = Uint8Array.from({ length: 256 }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 24));
    random[0] = 0x42; // not 0x89/0xFF/'R': cannot be an accidental signature
    expect(sniffImageType(random)).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('GIF89a......'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array(0))).toBeUndefined();
  });

  it('names common refused formats for error messages', () => {
    const enc = new TextEncoder();
    expect(describeOtherFormat(enc.encode('GIF89a'))).toBe('GIF');
    expect(describeOtherFormat(enc.encode('BM....'))).toBe('BMP');
    expect(describeOtherFormat(enc.encode('\0\0\0\x1cftypavif'))).toBe('AVIF');
    expect(describeOtherFormat(enc.encode('\0\0\0\x18ftypheic'))).toBe('HEIC');
    expect(describeOtherFormat(enc.encode('<svg xmlns='))).toBe('text (HTML/SVG/XML)');
    expect(describeOtherFormat(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});

describe('readImageHeader', () => {
  it('reads PNG IHDR from an encoded PNG', () => {
    expect(readImageHeader(encodePng(7, 3))).toEqual({ width: 7, height: 3 });
  });

  it('reads a 10000x10000 PNG header that has no pixel data (no decode)', () => {
    expect(readImageHeader(pngHeaderOnly(10000, 10000))).toEqual({ width: 10000, height: 10000 });
  });

  it('reads JPEG SOF0 after the APP0 and APP2 (ICC) segments', () => {
    expect(readImageHeader(CHROMIUM_JPEG_5X3)).toEqual({ width: 5, height: 3 });
  });

  it('reads a real corpus JPEG and PNG (fruits.jpg 512x480, chelsea.png 451x300)', () => {
    expect(readImageHeader(new Uint8Array(readFileSync(`${CORPUS}/fruits.jpg`)))).toEqual({ width: 512, height: 480 });
    expect(readImageHeader(new Uint8Array(readFileSync(`${CORPUS}/chelsea.png`)))).toEqual({ width: 451, height: 300 });
  });

  it('reads WebP VP8X canvas size (lossy and lossless files from Chromium)', () => {
    expect(readImageHeader(CHROMIUM_WEBP_LOSSY_5X3)).toEqual({ width: 5, height: 3 });
    expect(readImageHeader(CHROMIUM_WEBP_LOSSLESS_5X3)).toEqual({ width: 5, height: 3 });
  });

  it('reads simple-format WebP: a bare VP8 and a bare VP8L bitstream', () => {
    const vp8 = webpChunks(CHROMIUM_WEBP_LOSSY_5X3).find(([c]) => c === 'VP8 ');
    const vp8l = webpChunks(CHROMIUM_WEBP_LOSSLESS_5X3).find(([c]) => c === 'VP8L');
    expect(vp8 && vp8l).toBeTruthy();
    expect(readImageHeader(buildWebp([vp8!]))).toEqual({ width: 5, height: 3 });
    expect(readImageHeader(buildWebp([vp8l!]))).toEqual({ width: 5, height: 3 });
  });

  it('rejects truncated headers with image_decode', () => {
    expect(headerError(encodePng(4, 4).subarray(0, 20)).message).toMatch(/PNG header could not be read/);
    expect(headerError(CHROMIUM_JPEG_5X3.subarray(0, 300)).message).toMatch(/ends before the SOF/);
    expect(headerError(CHROMIUM_WEBP_LOSSY_5X3.subarray(0, 24)).code).toBe('image_decode');
  });

  it('rejects a JPEG whose image data starts before any SOF', () => {
    const noSof = new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]);
    expect(headerError(noSof).message).toMatch(/no SOF segment/);
  });

  it('rejects a header that declares 0 pixels', () => {
    expect(headerError(pngHeaderOnly(0, 5)).message).toMatch(/empty image \(0x5\)/);
  });

  it('rejects bytes that are not PNG, JPEG or WebP', () => {
    const err = headerError(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(err.code).toBe('image_decode');
    expect(err.message).toMatch(/not a PNG, JPEG or WebP/);
  });
});

describe('EXIF orientation', () => {
  it('reads Orientation from little- and big-endian TIFF blocks, with or without the Exif prefix', () => {
    expect(readTiffOrientation(tiffWithOrientation(6, 'II'))).toBe(6);
    expect(readTiffOrientation(tiffWithOrientation(8, 'MM'))).toBe(8);
    const prefixed = new Uint8Array([...new TextEncoder().encode('Exif\0\0'), ...tiffWithOrientation(3)]);
    expect(readTiffOrientation(prefixed)).toBe(3);
  });

  it('ignores out-of-range and malformed orientation blocks', () => {
    expect(readTiffOrientation(tiffWithOrientation(9))).toBeUndefined();
    expect(readTiffOrientation(new Uint8Array([0x49, 0x49, 0x2a]))).toBeUndefined();
  });

  it('reads JPEG orientation 6 through exifr', async () => {
    const jpeg = jpegWithOrientation(CHROMIUM_JPEG_5X3, 6);
    const header = readImageHeader(jpeg);
    expect(header).toEqual({ width: 5, height: 3 });
    expect(await readOrientation(jpeg, 'image/jpeg', header)).toBe(6);
    expect(await readOrientation(CHROMIUM_JPEG_5X3, 'image/jpeg', readImageHeader(CHROMIUM_JPEG_5X3))).toBeUndefined();
  });

  it('reads a PNG eXIf chunk', () => {
    expect(readImageHeader(encodePng(4, 2, { orientation: 6 }))).toEqual({ width: 4, height: 2, orientation: 6 });
  });

  it('reads a WebP EXIF chunk when VP8X sets the EXIF flag', () => {
    const vp8 = webpChunks(CHROMIUM_WEBP_LOSSY_5X3).find(([c]) => c === 'VP8 ')!;
    const webp = buildWebp([['VP8X', vp8xPayload(5, 3, WEBP_FLAG_EXIF)], vp8, ['EXIF', tiffWithOrientation(5, 'MM')]]);
    expect(readImageHeader(webp)).toEqual({ width: 5, height: 3, orientation: 5 });
  });

  it('swaps width and height for orientations 5-8 only', () => {
    for (const o of [1, 2, 3, 4, undefined]) expect(orientedSize(640, 480, o)).toEqual({ width: 640, height: 480 });
    for (const o of [5, 6, 7, 8]) expect(orientedSize(640, 480, o)).toEqual({ width: 480, height: 640 });
  });
});
