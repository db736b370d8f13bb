/**
 * EXIF orientation: which way a photo is meant to be shown.
 *
 * Orientations 5–8 rotate by 90°, so the displayed width and height swap; the
 * mask must match the image as displayed (browsers apply EXIF when decoding),
 * not as stored. JPEG orientation is read with exifr, which knows the many ways
 * cameras write APP1; PNG `eXIf` and WebP `EXIF` chunks hold a bare TIFF block
 * that the small reader below handles without a dependency.
 */
import exifr from 'exifr';
import type { ImageHeader, SniffedImageType } from './image-header';

/** Orientation tag in IFD0 (TIFF 6.0 / EXIF 2.32 §4.6.4). */
const ORIENTATION_TAG = 0x0112;
const EXIF_PREFIX = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"

/**
 * Orientation (1–8) from a TIFF block, as stored in PNG `eXIf` and WebP `EXIF`
 * chunks (some writers keep JPEG's "Exif\0\0" prefix there; it is skipped).
 * Returns `undefined` for a missing, malformed or out-of-range value.
 * @example
 * readTiffOrientation(exifChunkPayload); // 6: rotate 90° clockwise to display
 */
export function readTiffOrientation(block: Uint8Array): number | undefined {
  let tiff = block;
  if (EXIF_PREFIX.every((b, i) => tiff[i] === b)) tiff = tiff.subarray(EXIF_PREFIX.length);
  if (tiff.length < 8) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0], tiff[1]);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  if (view.getUint16(2, le) !== 42) return undefined;
  const ifd = view.getUint32(4, le);
  if (ifd + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd, le);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (view.getUint16(entry, le) !== ORIENTATION_TAG) continue;
    const type = view.getUint16(entry + 2, le);
    // SHORT is the spec's type; LONG shows up from sloppy writers and is harmless to accept.
    const value = type === 3 ? view.getUint16(entry + 8, le) : type === 4 ? view.getUint32(entry + 8, le) : 0;
    return value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/**
 * The EXIF orientation of an image: exifr for JPEG, the header's value for PNG and WebP.
 * A corrupt EXIF block yields `undefined` (shown as stored), as browsers do, rather than an error.
 * @example
 * const o = await readOrientation(bytes, 'image/jpeg', readImageHeader(bytes));
 */
export async function readOrientation(
  bytes: Uint8Array,
  type: SniffedImageType,
  header: ImageHeader,
): Promise<number | undefined> {
  if (type !== 'image/jpeg') return header.orientation;
  try {
    const value = await exifr.orientation(bytes);
    return typeof value === 'number' && value >= 1 && value <= 8 ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Display size after orientation: 5–8 (transpose, rotate 90° CW, transverse, rotate 270° CW) swap the axes.
 * @example
 * orientedSize(640, 480, 6); // { width: 480, height: 640 }
 */
export function orientedSize(width: number, height: number, orientation: number | undefined): { width: number; height: number } {
  return orientation !== undefined && orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}
