/**
 * Turns any accepted image input into a Blob of encoded bytes.
 *
 * URLs are fetched (https, or http on localhost), base64 is decoded, Blobs pass
 * through, and raw pixels (ImageBitmap, ImageData) are encoded to PNG with an
 * OffscreenCanvas so that everything downstream handles one kind of thing.
 * Failures are `invalid_request` errors naming the field; an abort is passed
 * through untouched, as STYLE.md asks.
 */
import { InpaintError, abortReason, isAbortError } from '../shared/errors';
import { MAX_IMAGE_BYTES, type ImageInput } from './types';
import { classifyImageString, decodedBase64Length, isBlob, isImageBitmap, isImageData, checkImageInput } from './image-input';

export interface ResolveImageOptions {
  /** Used for URL inputs; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Byte cap for URL and base64 inputs, checked before the whole body is held in memory. Default 10 MB. */
  maxImageBytes?: number;
  /**
   * Milliseconds an image URL may take, headers and body together, before it fails with
   * `invalid_request` naming the field. Default 30 000; Infinity waits for ever.
   */
  imageFetchTimeoutMs?: number;
}

/** How long an image URL may take by default (see `ResolveImageOptions.imageFetchTimeoutMs`). */
export const DEFAULT_IMAGE_FETCH_TIMEOUT_MS = 30_000;

/** setTimeout runs a longer delay at once (the delay is a 32-bit signed integer). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function invalid(field: string, reason: string, cause?: unknown): InpaintError {
  const err = InpaintError.invalidRequest([{ name: field, reason }]);
  if (cause !== undefined) (err as { cause?: unknown }).cause = cause;
  return err;
}

/** "12.3 MB" (or "2.5 KB" below 1 MB) for messages; MB here is MiB, as the 10 MB limit is 10 × 1024 × 1024 bytes. */
export function formatMegabytes(bytes: number): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

function tooBig(field: string, bytes: number, max: number): InpaintError {
  return invalid(field, `is ${formatMegabytes(bytes)} (${bytes} bytes); the maximum is ${formatMegabytes(max)} (${max} bytes)`);
}

function decodeBase64(base64: string): Uint8Array {
  // atob wants padding; classifyImageString allowed it to be omitted.
  const padded = base64.length % 4 === 0 ? base64 : base64 + '='.repeat(4 - (base64.length % 4));
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reads a response body, stopping as soon as it passes `max` so that a huge URL is never held whole. */
async function readCapped(response: Response, field: string, max: number): Promise<Blob> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw tooBig(field, declared, max);
  const type = response.headers.get('content-type') ?? '';
  if (!response.body) return new Blob([], { type });
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw invalid(field, `is larger than ${formatMegabytes(max)} (${max} bytes): the download passed the limit`);
    }
    chunks.push(value);
  }
  return new Blob(chunks as BlobPart[], { type });
}

/**
 * Fetches an image URL under a deadline: a server that sends two bytes and then
 * stalls would otherwise keep `submit()` waiting for ever. The caller's abort
 * passes through as its AbortError; the deadline becomes `invalid_request`.
 */
async function fetchImage(url: URL, field: string, options: ResolveImageOptions, max: number): Promise<Blob> {
  const ms = options.imageFetchTimeoutMs ?? DEFAULT_IMAGE_FETCH_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = ms <= MAX_TIMER_MS ? setTimeout(() => deadline.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')), ms) : undefined;
  const onAbort = () => deadline.abort(abortReason(options.signal!));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await fetchWithin(url, field, options, max, deadline.signal);
  } catch (cause) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    if (deadline.signal.aborted) {
      const seconds = ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
      throw invalid(field, `timed out after ${seconds} while fetching ${url.href}: the server did not send the whole image in time (the client's imageFetchTimeoutMs option sets the limit)`, cause);
    }
    throw cause;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function fetchWithin(url: URL, field: string, options: ResolveImageOptions, max: number, signal: AbortSignal): Promise<Blob> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url.href, { signal, credentials: 'omit' });
  } catch (cause) {
    if (isAbortError(cause) || signal.aborted) throw cause;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw invalid(field, `could not be fetched from ${url.href} (${why}); the URL must be reachable from this page, with CORS allowed`, cause);
  }
  if (!response.ok) {
    throw invalid(field, `could not be fetched from ${url.href}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; expected a 2xx response with the image bytes`);
  }
  try {
    return await readCapped(response, field, max);
  } catch (cause) {
    if (isAbortError(cause) || signal.aborted || cause instanceof InpaintError) throw cause;
    throw invalid(field, `could not be read from ${url.href} (${cause instanceof Error ? cause.message : String(cause)})`, cause);
  }
}

/**
 * Encodes raw pixels to a lossless PNG.
 *
 * ImageData goes through `putImageData` on an sRGB canvas, which round-trips
 * opaque pixels exactly. Canvas backing stores are premultiplied, so
 * semi-transparent pixels can lose precision in their colour channels and
 * fully transparent pixels come back as (0,0,0,0); masks and photos are opaque,
 * so this only matters for exotic inputs.
 */
async function encodePixels(input: ImageBitmap | ImageData, field: string): Promise<Blob> {
  if (typeof OffscreenCanvas === 'undefined') {
    throw invalid(field, 'is an ImageBitmap/ImageData, which needs OffscreenCanvas (a browser page or worker); pass a Blob, URL or base64 instead');
  }
  const canvas = new OffscreenCanvas(input.width, input.height);
  const colorSpace = isImageData(input) ? (input.colorSpace ?? 'srgb') : 'srgb';
  const ctx = canvas.getContext('2d', { colorSpace });
  if (!ctx) throw invalid(field, 'could not be encoded: no 2D canvas context is available here');
  if (isImageData(input)) ctx.putImageData(input, 0, 0);
  else ctx.drawImage(input, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/**
 * Resolves one image input to a Blob of encoded image bytes. Throws an `invalid_request`
 * InpaintError whose single `invalid_params` entry is named `field`; an AbortError
 * from `options.signal` is rethrown as is.
 *
 * The byte cap applies to URL and base64 inputs (what the hosted API receives);
 * Blobs are returned as they are and measured by the caller; ImageBitmap/ImageData
 * are raw pixels, limited by the pixel cap rather than by their PNG size.
 * @example
 * const blob = await resolveImageInput('https://example.com/cat.jpg', 'image', { signal });
 */
export async function resolveImageInput(input: ImageInput, field: string, options: ResolveImageOptions = {}): Promise<Blob> {
  if (options.signal?.aborted) throw abortReason(options.signal);
  const max = options.maxImageBytes ?? MAX_IMAGE_BYTES;
  if (typeof input === 'string') {
    const classified = classifyImageString(input);
    if ('reason' in classified) throw invalid(field, classified.reason);
    if (classified.kind === 'url') return fetchImage(classified.url, field, options, max);
    const size = decodedBase64Length(classified.base64);
    if (size > max) throw tooBig(field, size, max);
    return new Blob([decodeBase64(classified.base64) as BlobPart]);
  }
  if (isBlob(input)) return input;
  if (isImageBitmap(input) || isImageData(input)) {
    const reason = checkImageInput(input);
    if (reason) throw invalid(field, reason);
    return encodePixels(input, field);
  }
  throw invalid(field, checkImageInput(input) ?? 'is not an image input');
}
