/**
 * Image type and size from the first bytes of a file, without decoding pixels.
 *
 * The contract accepts PNG, JPEG and WebP "sniffed from the bytes, not the name",
 * and refuses images above a pixel cap "rather than crashing the tab": both need
 * the header only, so a 10000×10000 bomb is refused before any decoder sees it.
 * Pure functions over a Uint8Array: they run the same in Node, a page and a worker.
 */
import { InpaintError } from '../shared/errors';
import { readTiffOrientation } from './exif';
import type { ImageHeader, SniffedImageType } from './image-header';

export type { ImageHeader, SniffedImageType };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/**
 * The image type the bytes declare, or `undefined` when they are not PNG, JPEG or WebP.
 * @example
 * sniffImageType(new Uint8Array(await file.arrayBuffer())); // 'image/png' even for "photo.jpg"
 */
export function sniffImageType(bytes: Uint8Array): SniffedImageType | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return undefined;
}

/**
 * Names a few formats we refuse, so the error can say "this is a GIF" instead of
 * only "not an image". Returns `undefined` when the signature is unknown.
 */
export function describeOtherFormat(bytes: Uint8Array): string | undefined {
  const head = ascii(bytes, 0, Math.min(bytes.length, 12));
  if (head.startsWith('GIF8')) return 'GIF';
  if (head.startsWith('BM')) return 'BMP';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'TIFF';
  if (head.startsWith('%PDF')) return 'PDF';
  if (head.slice(4, 8) === 'ftyp') {
    const brand = head.slice(8, 12);
    return brand.startsWith('avi') ? 'AVIF' : brand.startsWith('he') || brand === 'mif1' ? 'HEIC' : 'an ISO-BMFF file';
  }
  if (head.trimStart().startsWith('<')) return 'text (HTML/SVG/XML)';
  return undefined;
}

function headerError(type: string, why: string): InpaintError {
  return new InpaintError('image_decode', `its ${type} header could not be read: ${why}`);
}

const u16be = (b: Uint8Array, i: number): number => (b[i] << 8) | b[i + 1];
const u32be = (b: Uint8Array, i: number): number => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u16le = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32le = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** PNG: IHDR must be the first chunk (PNG spec §5.6); eXIf may sit anywhere, so walk the chunk list (jumps only). */
function readPngHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length < 33) throw headerError('PNG', 'the file ends before the IHDR chunk');
  if (ascii(bytes, 12, 4) !== 'IHDR' || u32be(bytes, 8) !== 13) throw headerError('PNG', 'the first chunk is not IHDR');
  const header: ImageHeader = { width: u32be(bytes, 16), height: u32be(bytes, 20) };
  let at = 33;
  while (at + 8 <= bytes.length) {
    const length = u32be(bytes, at);
    const type = ascii(bytes, at + 4, 4);
    if (type === 'IEND' || at + 12 + length > bytes.length) break;
    if (type === 'eXIf') {
      header.orientation = readTiffOrientation(bytes.subarray(at + 8, at + 8 + length));
      break;
    }
    at += 12 + length;
  }
  return header;
}

/**
 * Bits per sample of a PNG (IHDR byte 24: 1, 2, 4, 8 or 16), or `undefined` for another format.
 * @example
 * pngBitDepth(bytes) === 16; // a 16-bit PNG
 */
export function pngBitDepth(bytes: Uint8Array): number | undefined {
  return sniffImageType(bytes) === 'image/png' && bytes.length >= 25 && ascii(bytes, 12, 4) === 'IHDR' ? bytes[24] : undefined;
}

/** JPEG start-of-frame markers that carry the size: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
function isSofMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** JPEG: walk marker segments (APPn, DQT, …) by their lengths until a SOFn; never touch entropy-coded data. */
function readJpegHeader(bytes: Uint8Array): ImageHeader {
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) throw headerError('JPEG', `expected a marker at byte ${at}`);
    // Any number of 0xFF fill bytes may precede a marker (ITU T.81 §B.1.1.2).
    while (bytes[at] === 0xff && at < bytes.length) at++;
    if (at >= bytes.length) break;
    const marker = bytes[at++];
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) throw headerError('JPEG', 'no SOF segment before the image data');
    if (at + 2 > bytes.length) break;
    const length = u16be(bytes, at);
    if (length < 2) throw headerError('JPEG', `segment 0xFF${marker.toString(16).toUpperCase()} has length ${length}`);
    if (isSofMarker(marker)) {
      if (at + 7 > bytes.length) break;
      const height = u16be(bytes, at + 3);
      const width = u16be(bytes, at + 5);
      // Height 0 defers the size to a DNL marker after the first scan: rare, and only a decode can find it.
      if (height === 0) throw headerError('JPEG', 'the height is defined by a DNL marker, which is not supported');
      return { width, height };
    }
    at += length;
  }
  throw headerError('JPEG', 'the file ends before the SOF segment');
}

/** WebP: RIFF chunks; the first is VP8 (lossy), VP8L (lossless) or VP8X (extended, with canvas size and flags). */
function readWebpHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length < 30) throw headerError('WebP', 'the file ends before the first chunk');
  const fourcc = ascii(bytes, 12, 4);
  const d = 20; // first chunk's payload
  if (fourcc === 'VP8 ') {
    // RFC 6386 §9.1: 3-byte frame tag (bit 0 clear on key frames), start code 9D 01 2A, then 14-bit sizes.
    if ((bytes[d] & 1) !== 0) throw headerError('WebP', 'the VP8 frame is not a key frame');
    if (bytes[d + 3] !== 0x9d || bytes[d + 4] !== 0x01 || bytes[d + 5] !== 0x2a) throw headerError('WebP', 'bad VP8 start code');
    return { width: u16le(bytes, d + 6) & 0x3fff, height: u16le(bytes, d + 8) & 0x3fff };
  }
  if (fourcc === 'VP8L') {
    // WebP lossless spec §3: signature 0x2F, then 14-bit width-1 and 14-bit height-1.
    if (bytes[d] !== 0x2f) throw headerError('WebP', 'bad VP8L signature');
    const bits = u32le(bytes, d + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (fourcc === 'VP8X') {
    const header: ImageHeader = { width: u24le(bytes, d + 4) + 1, height: u24le(bytes, d + 7) + 1 };
    const hasExif = (bytes[d] & 0x08) !== 0;
    let at = 12 + 8 + u32le(bytes, 16);
    while (hasExif && at + 8 <= bytes.length) {
      const size = u32le(bytes, at + 4);
      if (at + 8 + size > bytes.length) break;
      if (ascii(bytes, at, 4) === 'EXIF') {
        header.orientation = readTiffOrientation(bytes.subarray(at + 8, at + 8 + size));
        break;
      }
      at += 8 + size + (size & 1); // chunks are padded to an even size
    }
    return header;
  }
  throw headerError('WebP', `unknown first chunk "${fourcc}"`);
}

/**
 * Reads width and height (and, for PNG/WebP, the EXIF orientation) from the header,
 * without decoding any pixels. Throws `InpaintError('image_decode')` when the header
 * is missing, truncated or not PNG/JPEG/WebP.
 * @example
 * const { width, height } = readImageHeader(bytes); // a 10000×10000 PNG header costs 33 bytes
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const type = sniffImageType(bytes);
  let header: ImageHeader;
  if (type === 'image/png') header = readPngHeader(bytes);
  else if (type === 'image/jpeg') header = readJpegHeader(bytes);
  else if (type === 'image/webp') header = readWebpHeader(bytes);
  else throw new InpaintError('image_decode', 'it is not a PNG, JPEG or WebP image');
  if (header.width === 0 || header.height === 0) {
    throw new InpaintError('image_decode', `its header declares an empty image (${header.width}x${header.height})`);
  }
  if (header.orientation === undefined) delete header.orientation;
  return header;
}
