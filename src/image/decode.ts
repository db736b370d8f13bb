import { InpaintError } from '../shared/errors';
import { jpegColour, readJpegMetadata } from './metadata/jpeg';
import { startsWithBytes } from './metadata/bytes';

/** Decoded pixels: non-premultiplied sRGB RGBA, row-major (the ImageData layout). */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * Decodes a JPEG, PNG or WebP blob to RGBA pixels, in a window or a worker.
 *
 * - `imageOrientation: 'from-image'` applies the EXIF Orientation tag, so a
 *   portrait photo from a phone comes out portrait (width/height swapped for
 *   orientations 5–8), as the hosted API treats it.
 * - `colorSpaceConversion: 'none'` keeps the stored bytes rather than converting
 *   through an embedded ICC profile, so what we composite back is what we read,
 *   and the models see the file's own numbers. Those numbers mean the input's
 *   colours only with its profile: `encodeOutput` writes that profile into the
 *   result (see `metadata/`), or a wide-gamut photo would be shown as sRGB.
 * - `premultiplyAlpha: 'none'` avoids one premultiply round trip. The 2D canvas
 *   still stores premultiplied pixels, so the colour of a partly transparent
 *   pixel (alpha 1..254) is quantised once, and that of a fully transparent one
 *   becomes 0. Opaque pixels are exact, and decode → encode('png') → decode is
 *   idempotent, so output pixels outside the hole equal the decoded input.
 * - A JPEG that is sRGB as far as the browser can tell (no ICC profile, or the
 *   browser's own sRGB one) is decoded with the last two left at their defaults:
 *   the same pixels, without a second pass over them ({@link bitmapOptions}).
 *
 * @param field request field name (`image`, `mask`, …) for the error message
 * @throws InpaintError `image_decode` with `details.field` when the bytes are not a decodable image
 * @example
 * const { width, height, data } = await decodeImage(file, 'image');
 */
export async function decodeImage(blob: Blob, field = 'image'): Promise<DecodedImage> {
  const bitmap = await decodeBitmap(blob, field);
  try {
    // Closed as soon as it is drawn: a 12 MP bitmap is 48 MB that getImageData need not share the peak with.
    return readPixels(bitmap, field, true);
  } finally {
    bitmap.close();
  }
}

/** A decoded image kept in the 2D canvas it was drawn into (CPU-backed: `willReadFrequently`). */
export interface DecodedCanvas {
  width: number;
  height: number;
  canvas: OffscreenCanvas;
  context: OffscreenCanvasRenderingContext2D;
}

/**
 * {@link decodeImage}'s decode (same orientation, colour and alpha handling),
 * left in a canvas instead of read out: the caller reads the rects it needs
 * (`context.getImageData(x, y, w, h)` gives the same bytes as that rect of
 * `decodeImage`'s pixels) and can encode the canvas itself. For a 12 MP photo
 * this saves reading 48 MB of pixels that are only written back at the encode.
 * Release the canvas's memory with `canvas.width = 0` when done.
 *
 * @throws InpaintError `image_decode` as {@link decodeImage}
 * @example
 * const { context } = await decodeToCanvas(file, 'image');
 * const crop = context.getImageData(rect.x, rect.y, rect.width, rect.height).data;
 */
export async function decodeToCanvas(blob: Blob, field = 'image', options?: ImageBitmapOptions): Promise<DecodedCanvas> {
  const bitmap = await decodeBitmap(blob, field, options);
  const { width, height } = bitmap;
  try {
    const { canvas, context } = drawn(bitmap, field);
    return { width, height, canvas, context };
  } finally {
    bitmap.close();
  }
}

/** The options of {@link decodeImage}'s comment. */
const EXACT: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'none' };
/**
 * For a JPEG that is sRGB as far as the browser can tell (no ICC profile, or the very profile the
 * browser writes into a JPEG of an sRGB canvas): the same pixels as {@link EXACT} (a JPEG is opaque,
 * so there is no premultiply to skip, and sRGB to sRGB converts nothing), but Chromium then hands
 * over the decoded image as it is, where with either `'none'` it converts the 12 MP image once
 * more on the calling thread first: 32–45 ms of this worker's time, before the bitmap resolves
 * (`node bench/lab/bitmap-trace.mjs`).
 */
const SRGB_JPEG: ImageBitmapOptions = { imageOrientation: 'from-image' };
/** Enough of a JPEG to reach its scan past the largest EXIF and XMP segments (64 KiB each) and a small profile. */
const JPEG_HEAD_BYTES = 256 * 1024;

let ownSrgb: Promise<Uint8Array | null> | undefined;
/** The ICC profile this browser writes into a JPEG encoded from an sRGB canvas; null if none. Made once. */
function browserSrgbProfile(): Promise<Uint8Array | null> {
  ownSrgb ??= (async () => {
    const canvas = new OffscreenCanvas(1, 1);
    canvas.getContext('2d');
    const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
    return readJpegMetadata(jpeg).icc ?? null;
  })().catch(() => null);
  return ownSrgb;
}

/**
 * The options that {@link decodeImage} and {@link decodeToCanvas} decode `blob` with:
 * {@link SRGB_JPEG} where its first bytes show a JPEG with no ICC profile or the browser's own
 * sRGB one (and no other APP2 segment), else {@link EXACT}. For a caller that needs the decode
 * to start at a known moment (`decodeToCanvas`'s `options`).
 */
export async function bitmapOptions(blob: Blob): Promise<ImageBitmapOptions> {
  try {
    const colour = jpegColour(new Uint8Array(await blob.slice(0, JPEG_HEAD_BYTES).arrayBuffer()));
    if (colour === 'untagged') return SRGB_JPEG;
    if (colour instanceof Uint8Array) {
      const own = await browserSrgbProfile();
      if (own && colour.length === own.length && startsWithBytes(colour, own)) return SRGB_JPEG;
    }
  } catch {
    // Unreadable: createImageBitmap reports it.
  }
  return EXACT;
}

/** `options`: {@link bitmapOptions}' answer for `blob` when the caller has it (the decode then starts synchronously). */
async function decodeBitmap(blob: Blob, field: string, options?: ImageBitmapOptions): Promise<ImageBitmap> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, options ?? (await bitmapOptions(blob)));
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new InpaintError(
      'image_decode',
      `Could not decode "${field}" (${blob.size} bytes, type "${blob.type || 'unknown'}"): ${detail}. Supported formats are JPEG, PNG and WebP.`,
      { details: { field }, cause },
    );
  }
  return bitmap;
}

/**
 * Reads the pixels of an ImageBitmap (e.g. one the caller passed directly)
 * through an OffscreenCanvas. The bitmap is not closed.
 *
 * @throws InpaintError `image_decode` when the bitmap is empty or cannot be read
 * @example
 * const { data } = bitmapToRgba(await createImageBitmap(canvas));
 */
export function bitmapToRgba(bitmap: ImageBitmap, field = 'image'): DecodedImage {
  return readPixels(bitmap, field, false);
}

/** A CPU-backed canvas with `bitmap` drawn into it. */
function drawn(bitmap: ImageBitmap, field: string): { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } {
  const { width, height } = bitmap;
  if (width === 0 || height === 0) {
    throw new InpaintError('image_decode', `"${field}" has no pixels (${width}x${height}).`, { details: { field } });
  }
  const canvas = new OffscreenCanvas(width, height);
  // willReadFrequently keeps the canvas on the CPU, so getImageData does not
  // read back from the GPU (and gives exact bytes for opaque pixels).
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new InpaintError('image_decode', `Could not read "${field}": no 2D canvas context.`, { details: { field } });
  try {
    context.drawImage(bitmap, 0, 0);
  } catch (cause) {
    canvas.width = canvas.height = 0;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new InpaintError('image_decode', `Could not read the pixels of "${field}" (${width}x${height}): ${detail}`, { details: { field }, cause });
  }
  return { canvas, context };
}

function readPixels(bitmap: ImageBitmap, field: string, close: boolean): DecodedImage {
  const { width, height } = bitmap;
  const { canvas, context: ctx } = drawn(bitmap, field);
  try {
    if (close) bitmap.close();
    return { width, height, data: ctx.getImageData(0, 0, width, height).data };
  } catch (cause) {
    // e.g. a RangeError when the pixel buffer cannot be allocated.
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new InpaintError('image_decode', `Could not read the pixels of "${field}" (${width}x${height}): ${detail}`, {
      details: { field },
      cause,
    });
  } finally {
    if (close) bitmap.close();
    // Frees the canvas's backing store now rather than at the next GC: with the
    // returned pixels it would double the image's bytes at the task's peak.
    canvas.width = canvas.height = 0;
  }
}
