/**
 * Metadata that travels from the input file to the output file: the ICC
 * profile (so the stored pixel values keep meaning the same colours), EXIF and
 * XMP. Pure functions over bytes, usable in a window, a worker or Node.
 *
 * | output | ICC profile | EXIF | XMP |
 * |---|---|---|---|
 * | PNG  | `iCCP` | `eXIf` | `iTXt` `XML:com.adobe.xmp` |
 * | JPEG | APP2 `ICC_PROFILE`, split over segments | APP1 `Exif` (≤ 64 KiB) | APP1 XMP (≤ 64 KiB) |
 * | WebP | `ICCP` (VP8X) | `EXIF` | `XMP ` |
 */
import type { ImageMetadata, MetadataMode } from './types';
import { editExif, editXmp, hasExifLocation, hasXmpLocation } from './exif-edit';
import { readJpegMetadata, writeJpegMetadata } from './jpeg';
import { readPngMetadata, writePngMetadata } from './png';
import { readWebpMetadata, writeWebpMetadata } from './webp';
import { ascii } from './bytes';

export type { ImageMetadata, MetadataMode } from './types';
export { editExif, editXmp } from './exif-edit';

/**
 * Reads the ICC profile, EXIF and XMP of a PNG, JPEG or WebP file (sniffed
 * from its bytes). Returns `{}` for another format or a file whose metadata
 * cannot be walked: metadata never fails a task.
 * @example
 * const meta = await readImageMetadata(new Uint8Array(await file.arrayBuffer()));
 */
export async function readImageMetadata(bytes: Uint8Array): Promise<ImageMetadata> {
  try {
    if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return await readPngMetadata(bytes);
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpegMetadata(bytes);
    if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return readWebpMetadata(bytes);
  } catch {
    // A malformed container: the decoder decides whether the pixels are readable.
  }
  return {};
}

/**
 * True when the metadata holds a location (an EXIF GPS block or XMP GPS properties).
 * @example
 * form.removeLocation = hasLocation(await readImageMetadata(bytes));
 */
export function hasLocation(meta: ImageMetadata): boolean {
  return hasExifLocation(meta.exif) || hasXmpLocation(meta.xmp);
}

/**
 * What an output made from an input with `meta` carries under `mode`: the ICC
 * profile always; EXIF and XMP unless `strip`, with orientation 1 and, for
 * `strip-location`, no GPS block.
 * @example
 * const out = outputMetadata(await readImageMetadata(input), 'strip-location');
 */
export function outputMetadata(meta: ImageMetadata, mode: MetadataMode): ImageMetadata {
  const out: ImageMetadata = {};
  if (meta.icc) out.icc = meta.icc;
  if (mode === 'strip') return out;
  const stripLocation = mode === 'strip-location';
  const exif = meta.exif && editExif(meta.exif, { stripLocation });
  if (exif) out.exif = exif;
  const xmp = meta.xmp && editXmp(meta.xmp, { stripLocation });
  if (xmp) out.xmp = xmp;
  return out;
}

/**
 * Writes `meta` into an encoded PNG, JPEG or WebP of `width`×`height`.
 * Returns the bytes unchanged when there is nothing to write.
 * @example
 * const bytes = await writeImageMetadata(encoded, 'jpeg', w, h, meta);
 */
export async function writeImageMetadata(
  bytes: Uint8Array,
  format: 'png' | 'jpeg' | 'webp',
  width: number,
  height: number,
  meta: ImageMetadata,
): Promise<Uint8Array> {
  if (!meta.icc && !meta.exif && !meta.xmp) return bytes;
  if (format === 'png') return writePngMetadata(bytes, meta);
  if (format === 'jpeg') return writeJpegMetadata(bytes, meta);
  return writeWebpMetadata(bytes, width, height, meta);
}
