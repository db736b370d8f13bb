import { describe, expect, it } from 'vitest';
import exifr from 'exifr';
import { CHROMIUM_JPEG_5X3, CHROMIUM_WEBP_LOSSLESS_5X3, CHROMIUM_WEBP_LOSSY_5X3, encodePng } from '../../request/test-images';
import { readImageHeader } from '../../request/sniff';
import { crc32 } from './bytes';
import { editExif, editXmp } from './exif-edit';
import { hasLocation, outputMetadata, readImageMetadata, writeImageMetadata } from './index';
import { pngChunks, writePngMetadata, writePngMetadataBlob } from './png';
import { jpegColour } from './jpeg';
import { CAMERA, cameraExif, cameraXmp, containsBytes, latitudeBytes } from './test-exif';

/** A fake but well-formed-length profile: 150 000 bytes needs three JPEG APP2 segments. */
const BIG_ICC = Uint8Array.from({ length: 150_000 }, (_, i) => (i * 31 + 7) & 255);
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
/** Byte equality without the deep-equal diff machinery (slow on 150 kB arrays). */
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => !!a && !!b && Buffer.compare(a, b) === 0;

describe('editExif', () => {
  it('resets orientation to 1 and keeps make, model and date (read back with exifr)', async () => {
    for (const byteOrder of ['II', 'MM'] as const) {
      const edited = editExif(cameraExif({ orientation: 6, byteOrder }), { stripLocation: false })!;
      const tags = await exifr.parse(edited, { translateValues: false, gps: true });
      expect(tags.Orientation).toBe(1);
      expect(tags.Make).toBe(CAMERA.make);
      expect(tags.Model).toBe(CAMERA.model);
      expect(tags.latitude).toBeCloseTo(48 + 51 / 60 + 24 / 3600, 6);
    }
  });

  it('strip-location removes the GPS block and zeroes its bytes, keeping every other tag', async () => {
    const source = cameraExif({ orientation: 8 });
    expect(containsBytes(source, latitudeBytes())).toBe(true);
    const edited = editExif(source, { stripLocation: true })!;
    expect(edited.length).toBe(source.length);
    expect(containsBytes(edited, latitudeBytes())).toBe(false);
    const tags = await exifr.parse(edited, { translateValues: false, reviveValues: false, gps: true });
    expect(tags.latitude).toBeUndefined();
    expect(tags.GPSLatitude).toBeUndefined();
    expect(tags.Make).toBe(CAMERA.make);
    expect(tags.DateTimeOriginal).toBe(CAMERA.date);
    expect(tags.Orientation).toBe(1);
    expect(hasLocation({ exif: source })).toBe(true);
    expect(hasLocation({ exif: edited })).toBe(false);
  });

  it('refuses a block that is not TIFF (so a stale orientation is never carried)', () => {
    expect(editExif(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), { stripLocation: false })).toBeUndefined();
    const out = outputMetadata({ exif: new Uint8Array(12), icc: BIG_ICC }, 'keep');
    expect(Object.keys(out)).toEqual(['icc']);
    expect(out.icc).toBe(BIG_ICC);
  });
});

describe('editXmp', () => {
  it('sets tiff:Orientation to 1 and strip-location drops exif:GPS* in both forms', () => {
    const xmp = cameraXmp(6);
    expect(hasLocation({ xmp })).toBe(true);
    const kept = text(editXmp(xmp, { stripLocation: false }));
    expect(kept).toContain('tiff:Orientation="1"');
    expect(kept).toContain('exif:GPSLatitude="48,51.4N"');
    const stripped = text(editXmp(xmp, { stripLocation: true }));
    expect(stripped).not.toMatch(/GPS/);
    expect(stripped).toContain(`xmp:CreatorTool="${CAMERA.model}"`);
    expect(hasLocation({ xmp: new TextEncoder().encode(stripped) })).toBe(false);
  });

  it('strip-location drops a malformed packet whose GPS property it cannot cut out, rather than keep its coordinates', () => {
    // The fuzz test's shrunk case: one flipped bit turned the `<` of <exif:GPSLongitude> into `=`.
    const broken = new TextEncoder().encode(text(cameraXmp(6)).replace('<exif:GPSLongitude>', '=exif:GPSLongitude>'));
    expect(hasLocation({ xmp: broken })).toBe(true);
    expect(editXmp(broken, { stripLocation: true })).toBeUndefined();
    expect(text(editXmp(broken, { stripLocation: false }))).toContain('=exif:GPSLongitude>2,21.116667E');
    const out = outputMetadata({ exif: cameraExif({ gps: true }), xmp: broken }, 'strip-location');
    expect(out.xmp).toBeUndefined();
    expect(hasLocation(out)).toBe(false);
    expect(out.exif).toBeInstanceOf(Uint8Array);
  });
});

describe('outputMetadata', () => {
  it('keeps the ICC profile in every mode and EXIF/XMP unless strip', () => {
    const meta = { icc: BIG_ICC, exif: cameraExif({ orientation: 3 }), xmp: cameraXmp(3) };
    expect(Object.keys(outputMetadata(meta, 'strip'))).toEqual(['icc']);
    expect(Object.keys(outputMetadata(meta, 'keep')).sort()).toEqual(['exif', 'icc', 'xmp']);
    expect(hasLocation(outputMetadata(meta, 'keep'))).toBe(true);
    expect(hasLocation(outputMetadata(meta, 'strip-location'))).toBe(false);
  });
});

describe('PNG', () => {
  it('crc32 matches the PNG spec (IEND chunk CRC AE 42 60 82)', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('writes iCCP, eXIf and iTXt after IHDR with valid CRCs, and reads them back', async () => {
    const png = encodePng(4, 3);
    const meta = { icc: BIG_ICC, exif: cameraExif(), xmp: cameraXmp(1) };
    const out = await writeImageMetadata(png, 'png', 4, 3, meta);
    const chunks = pngChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iCCP', 'eXIf', 'iTXt', 'IDAT', 'IEND']);
    for (const c of chunks) {
      const stored = new DataView(out.buffer, out.byteOffset + c.end - 4, 4).getUint32(0);
      expect(stored).toBe(crc32(new TextEncoder().encode(c.type), c.data));
    }
    // The image data is copied byte for byte.
    expect(same(chunks[4].data, pngChunks(png)[1].data)).toBe(true);
    const back = await readImageMetadata(out);
    expect(same(back.icc, BIG_ICC)).toBe(true);
    expect(same(back.exif, meta.exif)).toBe(true);
    expect(text(back.xmp)).toBe(text(meta.xmp));
    // An independent reader agrees.
    const tags = await exifr.parse(out, { translateValues: false, xmp: true });
    expect(tags.Make).toBe(CAMERA.make);
    expect(tags.CreatorTool).toBe(CAMERA.model);
  });

  it('replaces an sRGB chunk with the embedded profile', async () => {
    const png = encodePng(2, 2);
    const srgb = await writeImageMetadata(png, 'png', 2, 2, { exif: cameraExif() });
    const withSrgb = new Uint8Array([...srgb.subarray(0, 33), 0, 0, 0, 1, 0x73, 0x52, 0x47, 0x42, 0, 0xae, 0xce, 0x1c, 0xe9, ...srgb.subarray(33)]);
    expect(pngChunks(withSrgb).map((c) => c.type)).toContain('sRGB');
    const out = await writeImageMetadata(withSrgb, 'png', 2, 2, { icc: BIG_ICC });
    expect(pngChunks(out).map((c) => c.type)).toEqual(['IHDR', 'iCCP', 'eXIf', 'IDAT', 'IEND']);
  });

  it('writePngMetadataBlob gives the bytes of writePngMetadata, reading only the head and slicing the image data', async () => {
    // Noise: about 240 kB of image data, more than the first read of the head.
    let s = 0x9e3779b9;
    const noise = Uint8Array.from({ length: 300 * 200 * 4 }, (_, i) => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), i % 4 === 3 ? 255 : s & 255));
    const png = encodePng(300, 200, { rgba: noise });
    const srgb = await writeImageMetadata(png, 'png', 300, 200, { exif: cameraExif(), icc: new Uint8Array([1, 2, 3]) });
    const cases: Array<[Uint8Array, Parameters<typeof writePngMetadata>[1]]> = [
      [png, { icc: BIG_ICC, exif: cameraExif(), xmp: cameraXmp(1) }],
      [png, { icc: new Uint8Array(456).fill(9) }],
      // Colour and eXIf chunks before IDAT are replaced, as writePngMetadata does; a 150 kB iCCP makes the head longer than the first read.
      [await writeImageMetadata(png, 'png', 300, 200, { icc: BIG_ICC, exif: cameraExif({ orientation: 6 }) }), { icc: new Uint8Array(456).fill(9), exif: cameraExif() }],
      [srgb, { xmp: cameraXmp(2) }],
    ];
    for (const [input, meta] of cases) {
      const blob = new Blob([input as Uint8Array<ArrayBuffer>], { type: 'image/png' });
      const read: number[] = [];
      const slice = blob.slice.bind(blob);
      blob.slice = (start?: number, end?: number, type?: string) => (read.push((end ?? blob.size) - (start ?? 0)), slice(start, end, type));
      const out = await writePngMetadataBlob(blob, meta);
      expect(out.type).toBe('image/png');
      expect(same(new Uint8Array(await out.arrayBuffer()), await writePngMetadata(input, meta))).toBe(true);
      // The reads of the head stop well short of the file's end; the last slice, from IDAT on, is kept, not read.
      const idat = pngChunks(input).find((c) => c.type === 'IDAT')!.start;
      expect(read.slice(0, -1).every((n) => n >= idat && n < input.length - 100_000), `head reads ${read}`).toBe(true);
      expect(read.at(-1)).toBe(input.length - idat);
    }
  });
});

describe('JPEG', () => {
  it('writes EXIF and XMP APP1 and an ICC profile split over APP2 segments, read back by exifr', async () => {
    const meta = { icc: BIG_ICC, exif: cameraExif({ orientation: 1 }), xmp: cameraXmp(1) };
    const out = await writeImageMetadata(CHROMIUM_JPEG_5X3, 'jpeg', 5, 3, meta);
    // SOI, then the JFIF APP0 stays first.
    expect([out[0], out[1], out[2], out[3]]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect(readImageHeader(out)).toEqual({ width: 5, height: 3 });
    const back = await readImageMetadata(out);
    expect(same(back.icc, BIG_ICC)).toBe(true);
    expect(same(back.exif, meta.exif)).toBe(true);
    expect(text(back.xmp)).toBe(text(meta.xmp));
    const tags = await exifr.parse(out, { translateValues: false, xmp: true, gps: true });
    expect(tags.Make).toBe(CAMERA.make);
    expect(tags.latitude).toBeCloseTo(48.856667, 5);
    expect(tags.CreatorTool).toBe(CAMERA.model);
    // The scan is untouched: the file ends with the original's entropy-coded data and EOI.
    const tail = CHROMIUM_JPEG_5X3.subarray(CHROMIUM_JPEG_5X3.length - 64);
    expect(out.subarray(out.length - 64)).toEqual(tail);
  });
});

describe('jpegColour', () => {
  /** Chromium's 5×3 JPEG less its APP2 (ICC) segment, then with `app2` payloads inserted after SOI. */
  function jpegWith(...app2: number[][]): Uint8Array {
    const at = 2 + 2 + ((CHROMIUM_JPEG_5X3[4] << 8) | CHROMIUM_JPEG_5X3[5]); // after SOI and APP0
    expect(CHROMIUM_JPEG_5X3[at + 1]).toBe(0xe2);
    const end = at + 2 + ((CHROMIUM_JPEG_5X3[at + 2] << 8) | CHROMIUM_JPEG_5X3[at + 3]);
    const segments = app2.flatMap((p) => [0xff, 0xe2, (p.length + 2) >> 8, (p.length + 2) & 0xff, ...p]);
    return new Uint8Array([...CHROMIUM_JPEG_5X3.subarray(0, at), ...segments, ...CHROMIUM_JPEG_5X3.subarray(end)]);
  }
  const MPF = [0x4d, 0x50, 0x46, 0x00, 1, 2, 3, 4]; // "MPF\0", an index of further images

  it("is 'untagged' with no APP2 segment before the scan, EXIF and XMP or not", async () => {
    expect(jpegColour(jpegWith())).toBe('untagged');
    const exif = await writeImageMetadata(jpegWith(), 'jpeg', 5, 3, { exif: cameraExif({ orientation: 6 }), xmp: cameraXmp(6) });
    expect(jpegColour(exif)).toBe('untagged');
  });

  it('is the ICC profile when its segments are the only APP2 ones, joined across segments', async () => {
    expect(same(jpegColour(CHROMIUM_JPEG_5X3) as Uint8Array, (await readImageMetadata(CHROMIUM_JPEG_5X3)).icc!)).toBe(true);
    const big = await writeImageMetadata(jpegWith(), 'jpeg', 5, 3, { icc: BIG_ICC, exif: cameraExif({ orientation: 1 }) });
    expect(same(jpegColour(big) as Uint8Array, BIG_ICC)).toBe(true);
  });

  it("is 'other' with any other APP2 segment (MPF), with or without a profile", async () => {
    expect(jpegColour(jpegWith(MPF))).toBe('other');
    const icc = (await readImageMetadata(CHROMIUM_JPEG_5X3)).icc!;
    const iccSegment = [...[0x49, 0x43, 0x43, 0x5f, 0x50, 0x52, 0x4f, 0x46, 0x49, 0x4c, 0x45, 0x00], 1, 1, ...icc]; // "ICC_PROFILE\0" 1 of 1
    expect(jpegColour(jpegWith(iccSegment)) as Uint8Array).toEqual(icc);
    expect(jpegColour(jpegWith(iccSegment, MPF))).toBe('other');
  });

  it('is null for bytes that end before the scan, and for other formats', async () => {
    const tagged = await writeImageMetadata(jpegWith(), 'jpeg', 5, 3, { exif: cameraExif({ orientation: 1 }) });
    // Cut inside the EXIF segment: what follows (an APP2 perhaps) is unknown.
    expect(jpegColour(tagged.subarray(0, 40))).toBeNull();
    expect(jpegColour(encodePng(2, 2))).toBeNull();
    expect(jpegColour(new Uint8Array())).toBeNull();
  });
});

describe('WebP', () => {
  it('turns a simple lossy or lossless file into VP8X with ICCP, EXIF and XMP', async () => {
    for (const webp of [CHROMIUM_WEBP_LOSSY_5X3, CHROMIUM_WEBP_LOSSLESS_5X3]) {
      const meta = { icc: BIG_ICC.subarray(0, 1001), exif: cameraExif({ orientation: 6 }), xmp: cameraXmp(1) };
      const out = await writeImageMetadata(webp, 'webp', 5, 3, meta);
      const view = new DataView(out.buffer, out.byteOffset);
      expect(view.getUint32(4, true)).toBe(out.length - 8);
      expect(text(out.subarray(12, 16))).toBe('VP8X');
      expect(out[20] & 0x2c).toBe(0x2c); // ICC, EXIF, XMP flags
      // sniff.ts reads the canvas size and the orientation from the EXIF chunk on its own.
      expect(readImageHeader(out)).toEqual({ width: 5, height: 3, orientation: 6 });
      const back = await readImageMetadata(out);
      expect(same(back.icc, meta.icc)).toBe(true);
      expect(same(back.exif, meta.exif)).toBe(true);
      expect(text(back.xmp)).toBe(text(meta.xmp));
    }
  });
});

describe('readImageMetadata', () => {
  it('returns {} for files without metadata, other formats and truncated containers', async () => {
    expect(await readImageMetadata(encodePng(2, 2))).toEqual({});
    // Chromium's JPEG encoder tags its output with Skia's sRGB profile ('acsp' at byte 36 of a profile).
    const chromium = await readImageMetadata(CHROMIUM_JPEG_5X3);
    expect(Object.keys(chromium)).toEqual(['icc']);
    expect(text(chromium.icc!.subarray(36, 40))).toBe('acsp');
    expect(await readImageMetadata(new TextEncoder().encode('GIF89a....'))).toEqual({});
    expect(await readImageMetadata(CHROMIUM_JPEG_5X3.subarray(0, 30))).toEqual({});
  });
});
