/**
 * Test fixtures for the request tests (Node only: uses node:zlib).
 * Real, tiny images: a PNG encoder, JPEG/WebP files that Chromium's
 * OffscreenCanvas.convertToBlob wrote, and EXIF blocks built byte by byte.
 */
import { crc32, deflateSync } from 'node:zlib';
import { concatBytes } from '../image/metadata/bytes';

const enc = new TextEncoder();

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

function u32be(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

function u32le(n: number): Uint8Array {
  return new Uint8Array([n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat(enc.encode(type), data);
  return concat(u32be(data.length), typed, u32be(crc32(typed)));
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number): Uint8Array {
  return pngChunk('IHDR', concat(u32be(width), u32be(height), new Uint8Array([8, 6, 0, 0, 0])));
}

/**
 * Encodes RGBA pixels as a real 8-bit RGBA PNG. `rgba` defaults to a gradient.
 * With `orientation`, an `eXIf` chunk is written before IDAT.
 */
export function encodePng(width: number, height: number, options: { rgba?: Uint8Array; orientation?: number } = {}): Uint8Array {
  const rgba = options.rgba ?? Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 7) & 255));
  const raw = new Uint8Array(height * (1 + width * 4));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  return concat(
    PNG_SIGNATURE,
    ihdr(width, height),
    ...(options.orientation ? [pngChunk('eXIf', tiffWithOrientation(options.orientation))] : []),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', new Uint8Array(0)),
  );
}

/** A PNG that is only a header: it claims width×height but carries no pixel data at all. */
export function pngHeaderOnly(width: number, height: number): Uint8Array {
  return concat(PNG_SIGNATURE, ihdr(width, height), pngChunk('IEND', new Uint8Array(0)));
}

/** A TIFF block whose IFD0 holds one Orientation (0x0112, SHORT) entry. */
export function tiffWithOrientation(orientation: number, byteOrder: 'II' | 'MM' = 'II'): Uint8Array {
  const b = new Uint8Array(26);
  const v = new DataView(b.buffer);
  const le = byteOrder === 'II';
  b.set(enc.encode(byteOrder), 0);
  v.setUint16(2, 42, le);
  v.setUint32(4, 8, le);
  v.setUint16(8, 1, le);
  v.setUint16(10, 0x0112, le);
  v.setUint16(12, 3, le);
  v.setUint32(14, 1, le);
  v.setUint16(18, orientation, le);
  v.setUint32(22, 0, le);
  return b;
}

/** Inserts an APP1 "Exif" segment with `orientation` right after a JPEG's SOI marker. */
export function jpegWithOrientation(jpeg: Uint8Array, orientation: number): Uint8Array {
  const payload = concat(enc.encode('Exif\0\0'), tiffWithOrientation(orientation, 'MM'));
  const length = payload.length + 2;
  return concat(jpeg.subarray(0, 2), new Uint8Array([0xff, 0xe1, length >> 8, length & 255]), payload, jpeg.subarray(2));
}

function fromBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/**
 * 5×3 baseline JPEG written by Chromium's convertToBlob (quality 0.5); it carries an
 * ICC profile in APP2 (0xFFE2, 456 bytes) before DQT and SOF0, so the SOF scan must skip APPn.
 */
export const CHROMIUM_JPEG_5X3 = fromBase64(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAADAAUDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAZEAEAAgMAAAAAAAAAAAAAAAAAAgQFEzT/xAAVAQEBAAAAAAAAAAAAAAAAAAABBP/EAB4RAAEDBAMAAAAAAAAAAAAAAAIAAQMEEhMhIjFR/9oADAMBAAIRAxEAPwCyhjKWjmgAjOQ7n26KaU8I8n69X//Z',
);

/** 5×3 lossy WebP from Chromium (quality 0.5): RIFF/WEBP, VP8X (ICC flag), ICCP, then VP8. */
export const CHROMIUM_WEBP_LOSSY_5X3 = fromBase64(
  'UklGRiwCAABXRUJQVlA4WAoAAAAgAAAABAAAAgAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggPgAAAFACAJ0BKgUAAwACwEwlsAJ0ugDUAAO/hAzzgAD+TTumbs9JObFd9vimqE0SQyXh3wHreJV0atsGh8b/zAAA',
);

/** 5×3 lossless WebP from Chromium (quality 1.0): RIFF/WEBP, VP8X, ICCP, then VP8L. */
export const CHROMIUM_WEBP_LOSSLESS_5X3 = fromBase64(
  'UklGRh4CAABXRUJQVlA4WAoAAAAgAAAABAAAAgAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDhMLwAAAC8EgAAAd0CQbTOsA9Uf4wwjM4Dz34MMsLwABgEgEahYUkghuBRWGDWi/+Ehx74AAA==',
);

/** The chunks of a RIFF/WEBP file, in order, as [fourcc, payload]. */
export function webpChunks(webp: Uint8Array): Array<[string, Uint8Array]> {
  const v = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const out: Array<[string, Uint8Array]> = [];
  for (let at = 12; at + 8 <= webp.length; ) {
    const size = v.getUint32(at + 4, true);
    out.push([new TextDecoder().decode(webp.subarray(at, at + 4)), webp.subarray(at + 8, at + 8 + size)]);
    at += 8 + size + (size & 1);
  }
  return out;
}

/** Builds a RIFF/WEBP file from chunks (padding odd sizes, as the container requires). */
export function buildWebp(chunks: Array<[string, Uint8Array]>): Uint8Array {
  const body = concat(
    enc.encode('WEBP'),
    ...chunks.map(([fourcc, data]) => concat(enc.encode(fourcc), u32le(data.length), data, new Uint8Array(data.length & 1))),
  );
  return concat(enc.encode('RIFF'), u32le(body.length), body);
}

/** A VP8X header chunk payload: flags, then 24-bit canvas width-1 and height-1. */
export function vp8xPayload(width: number, height: number, flags: number): Uint8Array {
  const w = width - 1;
  const h = height - 1;
  return new Uint8Array([flags, 0, 0, 0, w & 255, (w >> 8) & 255, w >> 16, h & 255, (h >> 8) & 255, h >> 16]);
}

export const WEBP_FLAG_EXIF = 0x08;

/** Base64 of bytes (for request bodies). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
