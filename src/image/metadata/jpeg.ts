/**
 * JPEG metadata segments: APP1 `Exif\0\0` + TIFF (EXIF 2.32 §4.5.4), APP1
 * `http://ns.adobe.com/xap/1.0/\0` + XMP (XMP spec part 3 §1.1.3) and APP2
 * `ICC_PROFILE\0` + sequence number + count + a slice of the profile (ICC.1
 * Annex B.4), split over several segments when the profile exceeds one.
 *
 * Only marker segments before the scan are walked and spliced; the
 * entropy-coded data is copied as one slice, never decoded or re-encoded.
 * No maintained npm package writes ICC and XMP segments into a JPEG in the
 * browser (piexifjs handles EXIF only, on binary strings), hence this file.
 */
import type { ImageMetadata } from './types';
import { asciiBytes, concatBytes, startsWithBytes, u16be } from './bytes';

const EXIF_ID = asciiBytes('Exif\0\0');
const XMP_ID = asciiBytes('http://ns.adobe.com/xap/1.0/\0');
const ICC_ID = asciiBytes('ICC_PROFILE\0');
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const SOS = 0xda;
/** A segment's length field counts itself: 65535 − 2 bytes of payload at most. */
const MAX_PAYLOAD = 0xffff - 2;

interface Segment {
  marker: number;
  /** Offset of the 0xFF that starts the marker. */
  start: number;
  end: number;
  payload: Uint8Array;
}

/** Marker segments from SOI up to (not including) SOS; `scan` is where SOS starts. */
function jpegSegments(jpeg: Uint8Array): { segments: Segment[]; scan: number } {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG: no SOI marker');
  const segments: Segment[] = [];
  let at = 2;
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) throw new Error(`not a JPEG marker at byte ${at}`);
    let m = at + 1;
    while (jpeg[m] === 0xff && m < jpeg.length) m++; // fill bytes (ITU T.81 §B.1.1.2)
    const marker = jpeg[m];
    if (marker === SOS || marker === 0xd9) return { segments, scan: at };
    const length = u16be(jpeg, m + 1);
    const end = m + 1 + length;
    if (length < 2 || end > jpeg.length) throw new Error(`JPEG segment 0xFF${marker.toString(16)} runs past the file`);
    segments.push({ marker, start: at, end, payload: jpeg.subarray(m + 3, end) });
    at = end;
  }
  throw new Error('the JPEG ends before its scan');
}

/**
 * What a JPEG's first bytes say about its colour management: `'untagged'` when no APP2 segment
 * comes before its scan (no ICC profile, nor an MPF index such as an HDR gain map's), the ICC
 * profile when its APP2 segments are that profile's alone, complete, else `'other'`; null when
 * `head` is not a JPEG or ends before its scan.
 * @example
 * const colour = jpegColour(new Uint8Array(await blob.slice(0, 262144).arrayBuffer()));
 */
export function jpegColour(head: Uint8Array): 'untagged' | 'other' | Uint8Array | null {
  let segments: Segment[];
  try {
    segments = jpegSegments(head).segments;
  } catch {
    return null;
  }
  const app2 = segments.filter((s) => s.marker === APP2);
  if (app2.length === 0) return 'untagged';
  if (!app2.every((s) => startsWithBytes(s.payload, ICC_ID))) return 'other';
  return joinedIcc(app2) ?? 'other';
}

/** The ICC profile that `segments`' APP2 ICC slices make, joined in sequence order; undefined for an incomplete set (ICC.1 Annex B.4). */
function joinedIcc(segments: Segment[]): Uint8Array | undefined {
  const icc: Uint8Array[] = [];
  let iccCount = 0;
  for (const { marker, payload } of segments) {
    if (marker !== APP2 || !startsWithBytes(payload, ICC_ID) || payload.length <= ICC_ID.length + 2) continue;
    const seq = payload[ICC_ID.length];
    iccCount = payload[ICC_ID.length + 1];
    if (seq >= 1) icc[seq - 1] = payload.subarray(ICC_ID.length + 2);
  }
  return iccCount > 0 && icc.length === iccCount && icc.every(Boolean) ? concatBytes(icc) : undefined;
}

/**
 * ICC profile, EXIF (the TIFF block after `Exif\0\0`) and XMP of a JPEG.
 * ICC slices are joined in sequence order; an incomplete set is left out.
 * @example
 * const { icc, exif } = readJpegMetadata(bytes);
 */
export function readJpegMetadata(jpeg: Uint8Array): ImageMetadata {
  const meta: ImageMetadata = {};
  const { segments } = jpegSegments(jpeg);
  for (const { marker, payload } of segments) {
    if (marker === APP1 && !meta.exif && startsWithBytes(payload, EXIF_ID)) meta.exif = payload.slice(EXIF_ID.length);
    else if (marker === APP1 && !meta.xmp && startsWithBytes(payload, XMP_ID)) meta.xmp = payload.slice(XMP_ID.length);
  }
  const icc = joinedIcc(segments);
  if (icc) meta.icc = icc;
  return meta;
}

function segment(marker: number, parts: Uint8Array[]): Uint8Array {
  const payload = concatBytes(parts);
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`a JPEG segment holds at most ${MAX_PAYLOAD} bytes; got ${payload.length}`);
  const out = new Uint8Array(4 + payload.length);
  out[0] = 0xff;
  out[1] = marker;
  out[2] = (payload.length + 2) >> 8;
  out[3] = (payload.length + 2) & 0xff;
  out.set(payload, 4);
  return out;
}

/**
 * Inserts `meta` into a JPEG after SOI and its JFIF APP0 (which must come
 * first): APP1 EXIF, APP1 XMP, then APP2 ICC segments. Segments of the same
 * kind already in the file are dropped.
 *
 * EXIF and XMP must each fit one segment (64 KiB); a larger block is left out
 * (Extended XMP is not written). The ICC profile is split over up to 255 segments.
 * @example
 * const tagged = writeJpegMetadata(await blob.bytes(), { icc, exif });
 */
export function writeJpegMetadata(jpeg: Uint8Array, meta: ImageMetadata): Uint8Array {
  const { segments, scan } = jpegSegments(jpeg);
  const added: Uint8Array[] = [];
  if (meta.exif && EXIF_ID.length + meta.exif.length <= MAX_PAYLOAD) added.push(segment(APP1, [EXIF_ID, meta.exif]));
  if (meta.xmp && XMP_ID.length + meta.xmp.length <= MAX_PAYLOAD) added.push(segment(APP1, [XMP_ID, meta.xmp]));
  if (meta.icc) {
    const slice = MAX_PAYLOAD - ICC_ID.length - 2;
    const count = Math.ceil(meta.icc.length / slice);
    if (count > 255) throw new RangeError(`an ICC profile of ${meta.icc.length} bytes does not fit 255 JPEG segments`);
    for (let i = 0; i < count; i++) {
      added.push(segment(APP2, [ICC_ID, new Uint8Array([i + 1, count]), meta.icc.subarray(i * slice, (i + 1) * slice)]));
    }
  }
  const replaced = (s: Segment): boolean =>
    (!!meta.exif && s.marker === APP1 && startsWithBytes(s.payload, EXIF_ID)) ||
    (!!meta.xmp && s.marker === APP1 && startsWithBytes(s.payload, XMP_ID)) ||
    (!!meta.icc && s.marker === APP2 && startsWithBytes(s.payload, ICC_ID));
  const jfif = segments[0]?.marker === APP0 ? segments[0] : undefined;
  const rest = segments.filter((s) => s !== jfif && !replaced(s)).map((s) => jpeg.subarray(s.start, s.end));
  return concatBytes([
    jpeg.subarray(0, 2),
    ...(jfif ? [jpeg.subarray(jfif.start, jfif.end)] : []),
    ...added,
    ...rest,
    jpeg.subarray(scan),
  ]);
}
