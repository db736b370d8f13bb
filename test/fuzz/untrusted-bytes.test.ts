/**
 * Property tests of every parser that reads a person's file before the
 * browser's decoder does: the header sniffer (size and orientation, read
 * before any decode to refuse oversized images), the PNG mask reader (a hole
 * map straight from the zlib stream) and the metadata reader/editor (colour
 * profile, EXIF, XMP, carried into the downloads). Each is fed real files of
 * every format we accept, mutated by fast-check (bytes flipped, set, inserted,
 * deleted, repeated, the file cut short; for PNGs also with every chunk's CRC
 * made right again, so that the mutation reaches the pixel data and the
 * metadata rather than stopping at the first CRC check).
 *
 * What each must do with any bytes: finish, and either return something
 * well-formed or fail the way its contract says (the header: an
 * `InpaintError('image_decode')`; the mask reader: `null`, so that the browser
 * decides; metadata: `{}` or fields it can write back, since metadata never
 * fails a task). A `TypeError`/`RangeError` from a parser, a hang or a
 * malformed result is a bug. A failure prints fast-check's seed and the
 * shrunk mutation list to replay it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, crc32 } from '../../src/image/metadata/bytes';
import { hasLocation, outputMetadata, readImageMetadata, writeImageMetadata, type ImageMetadata } from '../../src/image/metadata';
import { writeJpegMetadata } from '../../src/image/metadata/jpeg';
import { cameraExif, cameraXmp } from '../../src/image/metadata/test-exif';
import { pngHoleMap } from '../../src/image/mask-png';
import { CHANNELS, encodeTestPng, expectedRgba, type TestPng } from '../../src/image/test-png';
import { orientedSize, readOrientation, readTiffOrientation } from '../../src/request/exif';
import { describeOtherFormat, readImageHeader, sniffImageType } from '../../src/request/sniff';
import {
  CHROMIUM_JPEG_5X3,
  CHROMIUM_WEBP_LOSSLESS_5X3,
  CHROMIUM_WEBP_LOSSY_5X3,
  WEBP_FLAG_EXIF,
  buildWebp,
  encodePng,
  jpegWithOrientation,
  tiffWithOrientation,
  vp8xPayload,
  webpChunks,
} from '../../src/request/test-images';
import { holeBounds, holeMapFromRgba } from '../../src/shared/pixels';
import { InpaintError } from '../../src/shared/errors';

const CORPUS = '/work/shared/corpus/dev';
/** Runs per property: enough to walk every branch of these small parsers, a few seconds in all. */
const RUNS = 300;
/**
 * A fixed seed, so that CI runs the same cases every time; `FC_SEED=… npx vitest run test/fuzz` explores others
 * (a failure prints its seed and path to replay).
 */
const FC = { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20261207) };

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number }
  | { op: 'cut'; at: number };

/**
 * Positions are fractions of the current length, in 1/65536ths, so a mutation list fits any file. (Not
 * `fc.double`: its bias to tiny values put nearly every mutation on the first byte.)
 */
const position = fc.integer({ min: 0, max: 0xffff });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }) },
  // The values a length, a count or a marker field most often breaks on.
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), at: position, value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xfe, 0xff).chain((v) => fc.oneof(fc.constant(v), fc.integer({ min: 0, max: 255 }))) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cut' as const), at: position }) },
);

function mutate(file: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b: Uint8Array = file.slice();
  for (const m of mutations) {
    const at = Math.floor((m.at / 0x10000) * b.length);
    if (m.op === 'flip') b[at] ^= 1 << m.bit;
    else if (m.op === 'set') b[at] = m.value;
    else if (m.op === 'insert') b = concatBytes([b.subarray(0, at), Uint8Array.from(m.bytes), b.subarray(at)]);
    else if (m.op === 'delete') b = concatBytes([b.subarray(0, at), b.subarray(at + m.length)]);
    else if (m.op === 'repeat') b = concatBytes([b.subarray(0, at + m.length), b.subarray(at)]);
    else b = b.slice(0, at);
  }
  return b;
}

/** Rewrites every whole chunk's CRC of a (mutated) PNG, so that a mutation inside a chunk reaches the code that reads it. */
function fixPngCrcs(png: Uint8Array): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  for (let at = 8; at + 12 <= out.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > out.length) break;
    view.setUint32(at + 8 + length, crc32(out.subarray(at + 4, at + 8 + length)));
    at += 12 + length;
  }
  return out;
}

const withMeta: ImageMetadata = { exif: cameraExif({ orientation: 6, gps: true }), xmp: cameraXmp(6), icc: Uint8Array.from({ length: 132 }, (_, i) => (i * 31) & 255) };

/** Real files of every accepted format, small enough for hundreds of runs each. */
async function seeds(): Promise<Record<string, Uint8Array>> {
  const webpExif = buildWebp([['VP8X', vp8xPayload(5, 3, WEBP_FLAG_EXIF)], ...webpChunks(CHROMIUM_WEBP_LOSSY_5X3), ['EXIF', tiffWithOrientation(8, 'MM')]]);
  return {
    'PNG with eXIf orientation': encodePng(9, 7, { orientation: 6 }),
    'PNG mask, grey with filters': await encodeTestPng({ width: 23, height: 9, depth: 8, colourType: 0, samples: Array.from({ length: 23 * 9 }, (_, i) => ((i * 37) % 5 === 0 ? 0 : 255)) }),
    'PNG mask, 1-bit palette': await encodeTestPng({ width: 17, height: 5, depth: 1, colourType: 3, samples: Array.from({ length: 85 }, (_, i) => (i % 3 === 0 ? 0 : 1)), palette: [0, 0, 0, 255, 255, 255] }),
    'corpus mask PNG (astronaut blob)': readFileSync(`${CORPUS}/masks/astronaut_blob.png`),
    'JPEG from Chromium': CHROMIUM_JPEG_5X3,
    'JPEG with EXIF orientation': jpegWithOrientation(CHROMIUM_JPEG_5X3, 6),
    'JPEG with camera EXIF, GPS, XMP and ICC': writeJpegMetadata(CHROMIUM_JPEG_5X3, withMeta),
    'corpus JPEG (fruits)': readFileSync(`${CORPUS}/fruits.jpg`),
    'WebP lossy': CHROMIUM_WEBP_LOSSY_5X3,
    'WebP lossless': CHROMIUM_WEBP_LOSSLESS_5X3,
    'WebP with EXIF': webpExif,
  };
}

/** Calls `f`; returns its error when it throws an InpaintError, rethrows anything else. */
function typedFailure<T>(f: () => T): { value?: T; error?: InpaintError } {
  try {
    return { value: f() };
  } catch (err) {
    if (err instanceof InpaintError) return { error: err };
    throw err;
  }
}

describe('parsers of untrusted image bytes, fed mutated real files', async () => {
  const files = await seeds();
  /** A seed (among `names`), its mutations, and for PNGs whether the CRCs are made right again afterwards. */
  const inputOf = (names: string[]) => fc.record({ seed: fc.constantFrom(...names), mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }), fixCrcs: fc.boolean() });
  const input = inputOf(Object.keys(files));
  const bytesOf = ({ seed, mutations, fixCrcs }: { seed: string; mutations: Mutation[]; fixCrcs: boolean }) => {
    const b = mutate(files[seed], mutations);
    return fixCrcs && seed.startsWith('PNG') ? fixPngCrcs(b) : b;
  };

  it('the seeds are what they claim: each reads with its size before any mutation', async () => {
    for (const [name, bytes] of Object.entries(files)) {
      const header = readImageHeader(bytes);
      expect(header.width, name).toBeGreaterThan(0);
      expect(sniffImageType(bytes), name).toMatch(/^image\/(png|jpeg|webp)$/);
    }
    expect(readImageHeader(files['corpus JPEG (fruits)'])).toMatchObject({ width: 512, height: 480 });
    expect(await readOrientation(files['JPEG with EXIF orientation'], 'image/jpeg', readImageHeader(files['JPEG with EXIF orientation']))).toBe(6);
    expect(await pngHoleMap(files['PNG mask, grey with filters'])).not.toBeNull();
    expect(hasLocation(await readImageMetadata(files['JPEG with camera EXIF, GPS, XMP and ICC']))).toBe(true);
  });

  it('the header reader gives a size and orientation, or image_decode with a reason: never another error', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (case_) => {
        const bytes = bytesOf(case_);
        const type = sniffImageType(bytes);
        expect([undefined, 'image/png', 'image/jpeg', 'image/webp']).toContain(type);
        const other = describeOtherFormat(bytes);
        expect(other === undefined || typeof other === 'string').toBe(true);
        const { value: header, error } = typedFailure(() => readImageHeader(bytes));
        if (error) {
          expect(error.code).toBe('image_decode');
          expect(error.message.length).toBeGreaterThan(10);
          return;
        }
        expect(Number.isInteger(header!.width) && header!.width > 0).toBe(true);
        expect(Number.isInteger(header!.height) && header!.height > 0).toBe(true);
        expect(header!.width).toBeLessThan(2 ** 32);
        expect(header!.height).toBeLessThan(2 ** 32);
        const orientation = await readOrientation(bytes, type!, header!);
        expect(orientation === undefined || (Number.isInteger(orientation) && orientation >= 1 && orientation <= 8)).toBe(true);
        const shown = orientedSize(header!.width, header!.height, orientation);
        expect([shown.width, shown.height].sort()).toEqual([header!.width, header!.height].sort());
      }),
      FC,
    );
  });

  it('a bare TIFF block, mutated: orientation 1–8 or none', () => {
    const blocks = [tiffWithOrientation(3, 'II'), tiffWithOrientation(7, 'MM'), cameraExif({ orientation: 6, gps: true }), cameraExif({ byteOrder: 'MM', gps: true })];
    fc.assert(
      fc.property(fc.constantFrom(...blocks.keys()), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, mutations) => {
        const o = readTiffOrientation(mutate(blocks[i], mutations));
        expect(o === undefined || (Number.isInteger(o) && o >= 1 && o <= 8)).toBe(true);
      }),
      FC,
    );
  });

  it('the PNG mask reader, fed mutated PNGs: a hole map consistent with its header, or null (the browser then decides); never throws', async () => {
    const pngs = Object.keys(files).filter((n) => n.startsWith('PNG') || n.includes('PNG'));
    await fc.assert(
      fc.asyncProperty(inputOf(pngs), async (case_) => {
        const bytes = bytesOf(case_);
        const map = await pngHoleMap(bytes);
        if (!map) return;
        // What it accepts has the size its header says, one 0/1 byte a pixel and the box of its holes.
        expect(readImageHeader(bytes)).toMatchObject({ width: map.width, height: map.height });
        expect(map.hole.length).toBe(map.width * map.height);
        expect(map.hole.every((v) => v === 0 || v === 1)).toBe(true);
        expect(map.bounds).toEqual(holeBounds(map.hole, map.width, map.height));
      }),
      FC,
    );
  });

  it('the PNG mask reader, fed any opaque or cut-out mask of any size, depth, colour type and row filters: the same hole map as the RGBA path', async () => {
    const spec: fc.Arbitrary<TestPng> = fc
      .record({
        width: fc.integer({ min: 1, max: 40 }),
        height: fc.integer({ min: 1, max: 12 }),
        kind: fc.constantFrom(...(['grey', 'rgb', 'palette', 'grey-alpha', 'rgba'] as const)),
        depth: fc.constantFrom(1, 2, 4, 8),
        filters: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }),
        seed: fc.integer(),
      })
      .map(({ width, height, kind, depth, filters, seed }) => {
        const colourType = ({ grey: 0, rgb: 2, palette: 3, 'grey-alpha': 4, rgba: 6 } as const)[kind];
        const d = colourType === 0 || colourType === 3 ? depth : 8;
        const channels = CHANNELS[colourType];
        let state = seed >>> 0;
        const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
        const max = (1 << d) - 1;
        // Samples biased to both ends (black edits, white keeps), alpha only 0 or 255 (partly transparent pixels are the browser's).
        const samples = Array.from({ length: width * height * channels }, (_, i) => {
          const alpha = (colourType === 4 || colourType === 6) && i % channels === channels - 1;
          if (alpha) return next() % 4 === 0 ? 0 : 255;
          const r = next() % 8;
          return r < 3 ? 0 : r < 6 ? max : next() % (max + 1);
        });
        const palette = colourType === 3 ? Array.from({ length: (max + 1) * 3 }, () => next() & 255) : undefined;
        return { width, height, depth: d, colourType, samples, filters, palette };
      });
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const map = await pngHoleMap(await encodeTestPng(s));
        expect(map).not.toBeNull();
        const expected = holeMapFromRgba(expectedRgba(s), s.width, s.height);
        expect(map!.hole).toEqual(expected);
        expect(map!.bounds).toEqual(holeBounds(expected, s.width, s.height));
      }),
      FC,
    );
  });

  it('metadata: read, edited for each output mode and written into a clean file, never failing and never breaking that file', async () => {
    const clean = { jpeg: CHROMIUM_JPEG_5X3, png: encodePng(5, 3), webp: CHROMIUM_WEBP_LOSSY_5X3 } as const;
    const withMetadata = ['PNG with eXIf orientation', 'JPEG with EXIF orientation', 'JPEG with camera EXIF, GPS, XMP and ICC', 'WebP with EXIF'];
    let carried = 0;
    await fc.assert(
      fc.asyncProperty(inputOf(withMetadata), fc.constantFrom('keep', 'strip', 'strip-location') as fc.Arbitrary<'keep' | 'strip' | 'strip-location'>, fc.constantFrom('jpeg', 'png', 'webp') as fc.Arbitrary<keyof typeof clean>, async (case_, mode, format) => {
        const meta = await readImageMetadata(bytesOf(case_));
        for (const field of Object.values(meta)) expect(field === undefined || field instanceof Uint8Array).toBe(true);
        expect(typeof hasLocation(meta)).toBe('boolean');
        const out = outputMetadata(meta, mode);
        if (mode === 'strip-location') expect(hasLocation(out)).toBe(false);
        if (mode === 'strip') expect(out.exif ?? out.xmp).toBeUndefined();
        const written = await writeImageMetadata(clean[format], format, 5, 3, out);
        if (written !== clean[format]) carried++;
        // The output is still an image of the same size that the header reader accepts.
        expect(readImageHeader(written)).toMatchObject({ width: 5, height: 3 });
      }),
      FC,
    );
    // Many mutated files still carry metadata into the output: the property was not vacuous.
    expect(carried).toBeGreaterThan(RUNS / 10);
  });
});
