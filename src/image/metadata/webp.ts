/**
 * WebP metadata (RFC 9649 §2.7, the extended file format): `ICCP`, `EXIF`
 * (a bare TIFF block) and `XMP ` chunks, announced by flags in a `VP8X` chunk
 * that must come first. A simple file (one `VP8 ` or `VP8L` chunk, as a canvas
 * writes without alpha) is turned into the extended layout; the bitstream
 * chunks themselves are copied unchanged.
 *
 * node-webpmux, the maintained muxer on npm, reads and writes through Node's
 * Buffer and fs, which a worker does not have; RIFF chunk splicing is small.
 */
import type { ImageMetadata } from './types';
import { ascii, asciiBytes, concatBytes, startsWithBytes, u32le } from './bytes';

const EXIF_ID = asciiBytes('Exif\0\0');
const FLAG_ICC = 0x20;
const FLAG_ALPHA = 0x10;
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;

interface RiffChunk {
  fourcc: string;
  start: number;
  /** Past the padding byte of an odd-sized chunk. */
  end: number;
  data: Uint8Array;
}

function webpChunks(webp: Uint8Array): RiffChunk[] {
  if (ascii(webp, 0, 4) !== 'RIFF' || ascii(webp, 8, 4) !== 'WEBP') throw new Error('not a WebP file');
  const chunks: RiffChunk[] = [];
  let at = 12;
  while (at + 8 <= webp.length) {
    const size = u32le(webp, at + 4);
    if (at + 8 + size > webp.length) break;
    chunks.push({ fourcc: ascii(webp, at, 4), start: at, end: Math.min(webp.length, at + 8 + size + (size & 1)), data: webp.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size & 1);
  }
  return chunks;
}

function chunk(fourcc: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  out.set(asciiBytes(fourcc), 0);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

/**
 * ICC profile, EXIF and XMP of a WebP (only an extended file can carry them).
 * A `Exif\0\0` prefix that some writers keep in the EXIF chunk is removed.
 * @example
 * const { icc } = readWebpMetadata(bytes);
 */
export function readWebpMetadata(webp: Uint8Array): ImageMetadata {
  const meta: ImageMetadata = {};
  for (const { fourcc, data } of webpChunks(webp)) {
    if (fourcc === 'ICCP' && !meta.icc) meta.icc = data.slice();
    else if (fourcc === 'EXIF' && !meta.exif) meta.exif = (startsWithBytes(data, EXIF_ID) ? data.subarray(EXIF_ID.length) : data).slice();
    else if (fourcc === 'XMP ' && !meta.xmp) meta.xmp = data.slice();
  }
  return meta;
}

/**
 * Writes `meta` into a WebP of `width`×`height`: VP8X (flags for what is
 * present, alpha kept from the original), ICCP, the image chunks, EXIF, XMP,
 * in the order RFC 9649 prescribes. Metadata chunks already there are replaced.
 * @example
 * const tagged = writeWebpMetadata(await blob.bytes(), 640, 480, { icc, exif });
 */
export function writeWebpMetadata(webp: Uint8Array, width: number, height: number, meta: ImageMetadata): Uint8Array {
  const chunks = webpChunks(webp);
  const vp8x = chunks.find((c) => c.fourcc === 'VP8X');
  const image = chunks.filter((c) => !['VP8X', 'ICCP', 'EXIF', 'XMP '].includes(c.fourcc));
  const old = {
    icc: chunks.find((c) => c.fourcc === 'ICCP')?.data,
    exif: chunks.find((c) => c.fourcc === 'EXIF')?.data,
    xmp: chunks.find((c) => c.fourcc === 'XMP ')?.data,
  };
  const icc = meta.icc ?? old.icc;
  const exif = meta.exif ?? old.exif;
  const xmp = meta.xmp ?? old.xmp;
  // VP8L's header has an alpha_is_used bit (WebP lossless spec §3.2): bit 28 after the 0x2F signature.
  const vp8l = image.find((c) => c.fourcc === 'VP8L');
  const alpha =
    (vp8x ? (vp8x.data[0] & FLAG_ALPHA) !== 0 : false) ||
    image.some((c) => c.fourcc === 'ALPH') ||
    (!!vp8l && vp8l.data.length >= 5 && ((u32le(vp8l.data, 1) >>> 28) & 1) === 1);
  const header = new Uint8Array(10);
  header[0] = (icc ? FLAG_ICC : 0) | (alpha ? FLAG_ALPHA : 0) | (exif ? FLAG_EXIF : 0) | (xmp ? FLAG_XMP : 0) | (vp8x ? vp8x.data[0] & 0x02 : 0);
  // Canvas width − 1 and height − 1, 24 bits each, little-endian.
  for (const [at, v] of [[4, width - 1], [7, height - 1]] as const) {
    header[at] = v & 0xff;
    header[at + 1] = (v >> 8) & 0xff;
    header[at + 2] = (v >> 16) & 0xff;
  }
  const body = concatBytes([
    asciiBytes('WEBP'),
    chunk('VP8X', header),
    ...(icc ? [chunk('ICCP', icc)] : []),
    ...image.map((c) => webp.subarray(c.start, c.end)),
    ...(exif ? [chunk('EXIF', exif)] : []),
    ...(xmp ? [chunk('XMP ', xmp)] : []),
  ]);
  const out = concatBytes([asciiBytes('RIFF'), new Uint8Array(4), body]);
  new DataView(out.buffer).setUint32(4, body.length, true);
  return out;
}
