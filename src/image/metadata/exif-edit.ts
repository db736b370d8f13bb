/**
 * Edits to the EXIF (TIFF) and XMP that an output carries.
 *
 * - Orientation becomes 1: the decoder has already turned the pixels upright,
 *   and a viewer that applied the old tag again would rotate them twice.
 * - `stripLocation` removes the GPS block: the GPS IFD pointer (tag 0x8825)
 *   leaves IFD0 and every byte of the GPS IFD and its values is zeroed, so no
 *   coordinate survives in the file; XMP loses its `exif:GPS*` properties.
 *
 * The TIFF block is edited in place (same length, same offsets), so maker
 * notes and every other tag keep their exact bytes. A block that cannot be
 * walked is dropped: carrying an orientation we could not reset would show
 * the photo rotated twice.
 */

const ORIENTATION = 0x0112;
const GPS_POINTER = 0x8825;
/** Bytes per value of each TIFF field type (TIFF 6.0 §2, plus EXIF's none). */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

interface Ifd0 {
  view: DataView;
  le: boolean;
  offset: number;
  count: number;
}

function readIfd0(tiff: Uint8Array): Ifd0 | undefined {
  if (tiff.length < 8) return undefined;
  const order = String.fromCharCode(tiff[0], tiff[1]);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, le) !== 42) return undefined;
  const offset = view.getUint32(4, le);
  if (offset + 2 > tiff.length) return undefined;
  const count = view.getUint16(offset, le);
  if (offset + 2 + count * 12 + 4 > tiff.length) return undefined;
  return { view, le, offset, count };
}

function findEntry(ifd: Ifd0, tag: number): number | undefined {
  for (let i = 0; i < ifd.count; i++) {
    const entry = ifd.offset + 2 + i * 12;
    if (ifd.view.getUint16(entry, ifd.le) === tag) return entry;
  }
  return undefined;
}

/**
 * True when the TIFF block has a GPS IFD.
 * @example
 * hasExifLocation(meta.exif); // true for a phone photo with location on
 */
export function hasExifLocation(tiff: Uint8Array | undefined): boolean {
  const ifd = tiff && readIfd0(tiff);
  return !!ifd && findEntry(ifd, GPS_POINTER) !== undefined;
}

/** Zeroes an IFD and the out-of-line values of its entries. */
function zeroIfd(tiff: Uint8Array, view: DataView, le: boolean, offset: number): void {
  if (offset + 2 > tiff.length) return;
  const count = view.getUint16(offset, le);
  for (let i = 0; i < count; i++) {
    const entry = offset + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    const size = (TYPE_SIZE[view.getUint16(entry + 2, le)] ?? 0) * view.getUint32(entry + 4, le);
    if (size > 4) {
      const at = view.getUint32(entry + 8, le);
      if (at < tiff.length) tiff.fill(0, at, Math.min(tiff.length, at + size));
    }
  }
  tiff.fill(0, offset, Math.min(tiff.length, offset + 2 + count * 12 + 4));
}

/**
 * A copy of `tiff` with orientation 1 and, with `stripLocation`, no GPS block;
 * `undefined` when the block cannot be walked.
 * @example
 * const exif = editExif(meta.exif, { stripLocation: true });
 */
export function editExif(tiff: Uint8Array, options: { stripLocation: boolean }): Uint8Array | undefined {
  const out = tiff.slice();
  const ifd = readIfd0(out);
  if (!ifd) return undefined;
  const { view, le } = ifd;
  const orientation = findEntry(ifd, ORIENTATION);
  if (orientation !== undefined) {
    const type = view.getUint16(orientation + 2, le);
    if (type === 4) view.setUint32(orientation + 8, 1, le);
    else view.setUint16(orientation + 8, 1, le);
  }
  const gps = options.stripLocation ? findEntry(ifd, GPS_POINTER) : undefined;
  if (gps !== undefined) {
    zeroIfd(out, view, le, view.getUint32(gps + 8, le));
    // Close the gap: later entries and the next-IFD pointer move up one entry (entries stay sorted by tag).
    const end = ifd.offset + 2 + ifd.count * 12 + 4;
    out.copyWithin(gps, gps + 12, end);
    out.fill(0, end - 12, end);
    view.setUint16(ifd.offset, ifd.count - 1, le);
  }
  return out;
}

const XMP_GPS_ATTRIBUTE = /\s+exif:GPS[A-Za-z]+\s*=\s*("[^"]*"|'[^']*')/g;
const XMP_GPS_ELEMENT = /<exif:(GPS[A-Za-z]+)\b[^>]*?(?:\/>|>[\s\S]*?<\/exif:\1\s*>)/g;
const XMP_GPS_NAME = /exif:GPS[A-Za-z]+/;
const XMP_ORIENTATION_ATTRIBUTE = /(tiff:Orientation\s*=\s*["'])\d(["'])/g;
const XMP_ORIENTATION_ELEMENT = /(<tiff:Orientation>\s*)\d(\s*<\/tiff:Orientation>)/g;

/**
 * True when the XMP packet has EXIF GPS properties (`exif:GPSLatitude`…).
 * @example
 * hasXmpLocation(meta.xmp);
 */
export function hasXmpLocation(xmp: Uint8Array | undefined): boolean {
  return !!xmp && XMP_GPS_NAME.test(new TextDecoder().decode(xmp));
}

/**
 * A copy of an XMP packet with `tiff:Orientation` 1 and, with
 * `stripLocation`, no `exif:GPS*` property (as attributes or elements).
 * Returns `undefined` when location was asked to go and a GPS name is still
 * there after the edit: a malformed packet (a broken tag that neither pattern
 * matches, e.g. `=exif:GPSLongitude>2,21.1E</exif:GPSLongitude>`) is dropped
 * whole rather than written with its coordinates (found by
 * test/fuzz/untrusted-bytes.test.ts).
 * @example
 * const xmp = editXmp(meta.xmp, { stripLocation: true });
 */
export function editXmp(xmp: Uint8Array, options: { stripLocation: boolean }): Uint8Array | undefined {
  let text = new TextDecoder().decode(xmp);
  text = text.replace(XMP_ORIENTATION_ATTRIBUTE, '$11$2').replace(XMP_ORIENTATION_ELEMENT, '$11$2');
  if (options.stripLocation) {
    text = text.replace(XMP_GPS_ATTRIBUTE, '').replace(XMP_GPS_ELEMENT, '');
    if (XMP_GPS_NAME.test(text)) return undefined;
  }
  return new TextEncoder().encode(text);
}
