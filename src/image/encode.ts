import { InpaintError } from '../shared/errors';

/** Output encodings; mirrors `OUTPUT_FORMATS` of the request contract. */
export type EncodeFormat = 'png' | 'jpeg' | 'webp';

const MIME: Record<EncodeFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/**
 * Encodes RGBA pixels with `OffscreenCanvas.convertToBlob`, in a window or a
 * worker. PNG is lossless: opaque pixels round-trip through
 * {@link decodeImage} bit-exactly. `quality` (0..1) applies to JPEG and WebP
 * only; the browser's default is used when it is omitted. JPEG has no alpha.
 *
 * The canvas spec lets a browser fall back to PNG for a type it cannot encode
 * (https://html.spec.whatwg.org/multipage/canvas.html#serialising-bitmaps-to-a-file),
 * silently. We check the blob's type and fail instead of returning a file whose
 * bytes disagree with the requested format.
 *
 * @throws InpaintError `invalid_request` naming `output_format` when this browser cannot encode it
 * @example
 * const blob = await encodeImage(output, width, height, 'webp', 0.9);
 */
export async function encodeImage(
  data: Uint8ClampedArray,
  width: number,
  height: number,
  format: EncodeFormat,
  quality?: number,
): Promise<Blob> {
  const type = MIME[format];
  if (!type) {
    throw InpaintError.invalidRequest([{ name: 'output_format', reason: `must be one of png, jpeg, webp; got "${String(format)}"` }]);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`encodeImage: expected ${width * height * 4} bytes for ${width}x${height}, got ${data.length}`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new InpaintError('backend_unavailable', 'Could not encode the output: no 2D canvas context.');
  // ImageData takes only an ArrayBuffer-backed array; copy if given a SharedArrayBuffer view.
  const pixels = data.buffer instanceof ArrayBuffer ? (data as Uint8ClampedArray<ArrayBuffer>) : new Uint8ClampedArray(data);
  ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  const blob = await canvas.convertToBlob(quality === undefined || format === 'png' ? { type } : { type, quality });
  if (blob.type !== type) {
    throw InpaintError.invalidRequest([
      { name: 'output_format', reason: `this browser cannot encode ${format} (it produced "${blob.type}"); use png or jpeg` },
    ]);
  }
  return blob;
}

const supported = new Map<EncodeFormat, Promise<boolean>>();

/**
 * Whether this browser's canvas really encodes `format` (it may silently fall
 * back to PNG). Probed once per format with a 1×1 image and memoised, so the
 * request can be rejected before it is queued.
 *
 * @example
 * if (!(await canEncode('webp'))) console.warn('webp output unavailable');
 */
export function canEncode(format: EncodeFormat): Promise<boolean> {
  let probe = supported.get(format);
  if (!probe) {
    const canvas = new OffscreenCanvas(1, 1);
    // convertToBlob rejects (InvalidStateError) on a canvas that has no context yet.
    canvas.getContext('2d');
    probe = canvas.convertToBlob({ type: MIME[format] }).then(
      (blob) => blob.type === MIME[format],
      () => false,
    );
    supported.set(format, probe);
  }
  return probe;
}
