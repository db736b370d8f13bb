import { InpaintError } from '../shared/errors';
import { writeImageMetadata, type ImageMetadata } from './metadata';
import { writePngMetadataBlob } from './metadata/png';

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
 * only; the browser's default is used when it is omitted. JPEG has no alpha:
 * partly transparent pixels are composited over `background` (default white,
 * where a canvas would give black), exactly as the "over" operator does.
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
  background = DEFAULT_BACKGROUND,
): Promise<Blob> {
  const type = MIME[format];
  if (!type) {
    throw InpaintError.invalidRequest([{ name: 'output_format', reason: `must be one of png, jpeg, webp; got "${String(format)}"` }]);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`encodeImage: expected ${width * height * 4} bytes for ${width}x${height}, got ${data.length}`);
  }
  const canvas = new OffscreenCanvas(width, height);
  // willReadFrequently keeps the canvas in CPU memory: putImageData writes it in
  // place and convertToBlob encodes from it, with no upload to a GPU (or
  // SwiftShader) surface and no read-back of 4 bytes per pixel before encoding.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new InpaintError('backend_unavailable', 'Could not encode the output: no 2D canvas context.');
  // ImageData takes only an ArrayBuffer-backed array; copy if given a SharedArrayBuffer view.
  let pixels = data.buffer instanceof ArrayBuffer ? (data as Uint8ClampedArray<ArrayBuffer>) : new Uint8ClampedArray(data);
  if (format === 'jpeg') pixels = flatten(pixels, background);
  ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  try {
    return await canvasBlob(canvas, format, quality);
  } finally {
    // Frees the backing store (the image's RGBA bytes again) now, not at the next GC.
    canvas.width = canvas.height = 0;
  }
}

/** The canvas as a `format` file; throws `invalid_request` when the browser wrote another type. */
async function canvasBlob(canvas: OffscreenCanvas, format: EncodeFormat, quality?: number): Promise<Blob> {
  const type = MIME[format];
  const blob = await canvas.convertToBlob(quality === undefined || format === 'png' ? { type } : { type, quality });
  if (blob.type !== type) {
    throw InpaintError.invalidRequest([
      { name: 'output_format', reason: `this browser cannot encode ${format} (it produced "${blob.type}"); use png or jpeg` },
    ]);
  }
  return blob;
}

/** The default `background` under transparent pixels in a JPEG. */
export const DEFAULT_BACKGROUND = '#ffffff';

/** `#RGB` or `#RRGGBB` as [r, g, b]; throws `invalid_request` naming `background` otherwise. */
export function parseBackground(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m) throw InpaintError.invalidRequest([{ name: 'background', reason: `is "${hex}"; expected a hex colour "#RGB" or "#RRGGBB", such as "#FFFFFF"` }]);
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * Pixels composited over an opaque colour: c·a + bg·(1 − a), rounded; opaque
 * pixels are unchanged. Returns `rgba` itself when nothing is transparent.
 * @example
 * flatten(rgba, '#ffffff'); // a transparent pixel becomes white
 */
export function flatten(rgba: Uint8ClampedArray<ArrayBuffer>, background: string): Uint8ClampedArray<ArrayBuffer> {
  const bg = parseBackground(background);
  let out: Uint8ClampedArray<ArrayBuffer> | undefined;
  for (let i = 3; i < rgba.length; i += 4) {
    const a = rgba[i];
    if (a === 255) continue;
    out ??= new Uint8ClampedArray(rgba);
    for (let c = 0; c < 3; c++) out[i - 3 + c] = Math.round((rgba[i - 3 + c] * a + bg[c] * (255 - a)) / 255);
    out[i] = 255;
  }
  return out ?? rgba;
}

/** How a task's result is written: its format, and what it carries from the input. */
export interface OutputOptions {
  format: EncodeFormat;
  /** 0..1 for JPEG and WebP; the browser's default when omitted. */
  quality?: number;
  /** JPEG only: the colour under transparent pixels (`#RGB`/`#RRGGBB`, default white). */
  background?: string;
  /** ICC profile, EXIF and XMP to write (see `outputMetadata`). */
  metadata?: ImageMetadata;
}

/**
 * {@link encodeImage}, then the input's ICC profile, EXIF and XMP written into
 * the file (PNG `iCCP`/`eXIf`/`iTXt`, JPEG APP2/APP1, WebP `ICCP`/`EXIF`/`XMP `).
 * The pixels are the stored values of the input, not converted: with its
 * profile they show the same colours as the input.
 * @example
 * const blob = await encodeOutput(rgba, w, h, { format: 'jpeg', metadata: outputMetadata(meta, 'keep') });
 */
export async function encodeOutput(data: Uint8ClampedArray, width: number, height: number, options: OutputOptions): Promise<Blob> {
  const blob = await encodeImage(data, width, height, options.format, options.quality, options.background);
  return withMetadata(blob, width, height, options);
}

/**
 * {@link encodeOutput} as PNG of pixels already in a canvas (such as
 * `decodeToCanvas`'s), which is left as it is: no copy of the pixels in or
 * out. PNG only: the one format with nothing to flatten and nothing lost.
 * @example
 * const blob = await encodeCanvasPng(decoded.canvas, outputMetadata(meta, 'keep'));
 */
export async function encodeCanvasPng(canvas: OffscreenCanvas, metadata?: ImageMetadata): Promise<Blob> {
  const blob = await canvasBlob(canvas, 'png');
  return withMetadata(blob, canvas.width, canvas.height, { format: 'png', metadata });
}

async function withMetadata(blob: Blob, width: number, height: number, options: OutputOptions): Promise<Blob> {
  const meta = options.metadata;
  if (!meta || (!meta.icc && !meta.exif && !meta.xmp)) return blob;
  // PNG, the default: the image data is never copied (a 12 MP photo's PNG is tens of MB).
  if (options.format === 'png') return writePngMetadataBlob(blob, meta);
  const bytes = await writeImageMetadata(new Uint8Array(await blob.arrayBuffer()), options.format, width, height, meta);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: blob.type });
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
