/**
 * Request validation: the whole contract checked before anything is queued.
 *
 * `validateRequestShape` is synchronous and needs no bytes; `validateRequest`
 * adds everything that does (fetch/decode each image, its size in bytes, its
 * type sniffed from the bytes, its pixel size from the header, the mask/image
 * match) and fills the defaults. Every problem ends up in one
 * `InpaintError.invalidRequest`, as the hosted API returns `invalid_params`.
 */
import { InpaintError, isAbortError, type InvalidParam } from '../shared/errors';
import { readOrientation, orientedSize } from './exif';
import { checkImageInput, isImageBitmap, isImageData } from './image-input';
import { formatMegabytes, resolveImageInput, type ResolveImageOptions } from './resolve';
import { describeOtherFormat, pngBitDepth, readImageHeader, sniffImageType, type ImageHeader } from './sniff';
import {
  MAX_IMAGE_BYTES,
  MAX_PIXELS,
  SEED_MAX,
  type ImageInput,
  type InpaintRequest,
  type ResolvedImage,
  type ValidatedRequest,
} from './types';
import { validateRequestShape } from './validate-shape';

export { validateRequestShape };

export interface ValidateRequestOptions extends ResolveImageOptions {
  /** Source of the random seed when the body has none, returning [0, 1). Default: `crypto.getRandomValues`. */
  random?: () => number;
  /** Decoded-pixel cap (width × height after orientation). Default `MAX_PIXELS` (64 Mi pixels). */
  maxPixels?: number;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function pixelCapReason(width: number, height: number, maxPixels: number): string {
  return `is ${width}x${height} = ${formatCount(width * height)} pixels; the maximum is ${formatCount(maxPixels)} pixels (${Math.round(maxPixels / 2 ** 20)} megapixels)`;
}

/** Resolves, measures and sniffs one image; returns its problems instead of throwing (except for an abort). */
async function inspectImage(
  input: ImageInput,
  field: string,
  options: ValidateRequestOptions,
): Promise<ResolvedImage | InvalidParam[]> {
  const maxBytes = options.maxImageBytes ?? MAX_IMAGE_BYTES;
  const maxPixels = options.maxPixels ?? MAX_PIXELS;
  const problem = (reason: string): InvalidParam[] => [{ name: field, reason }];
  // Refuse oversized raw pixels before spending memory on encoding them.
  if ((isImageBitmap(input) || isImageData(input)) && input.width * input.height > maxPixels) {
    return problem(pixelCapReason(input.width, input.height, maxPixels));
  }
  let blob: Blob;
  try {
    blob = await resolveImageInput(input, field, options);
  } catch (err) {
    if (isAbortError(err)) throw err;
    if (err instanceof InpaintError && err.invalid_params) return err.invalid_params;
    return problem(`could not be read (${err instanceof Error ? err.message : String(err)})`);
  }
  // Raw pixels are exempt from the byte cap: it limits uploads, and their PNG size says nothing about the request.
  if (!isImageBitmap(input) && !isImageData(input) && blob.size > maxBytes) {
    return problem(`is ${formatMegabytes(blob.size)} (${blob.size} bytes); the maximum is ${formatMegabytes(maxBytes)} (${maxBytes} bytes)`);
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const mime = sniffImageType(bytes);
  if (!mime) {
    const other = describeOtherFormat(bytes);
    const seen = bytes.length === 0 ? 'it is empty' : other ? `its bytes are ${other}` : `its first bytes are ${hexPrefix(bytes)}`;
    return problem(`is not a PNG, JPEG or WebP image (${seen}); the type is read from the bytes, not the name or MIME type`);
  }
  let header: ImageHeader;
  try {
    header = readImageHeader(bytes);
  } catch (err) {
    return problem(`is not a readable ${mime.slice(6).toUpperCase()} image: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (field === 'image' && pngBitDepth(bytes) === 16) {
    return problem(
      'is a 16-bit PNG; results are composited and encoded at 8 bits per channel, which would change every pixel outside the hole. Convert it to 8 bits per channel (PNG, JPEG or WebP) and submit that',
    );
  }
  const orientation = await readOrientation(bytes, mime, header);
  const { width, height } = orientedSize(header.width, header.height, orientation);
  if (width * height > maxPixels) return problem(pixelCapReason(width, height, maxPixels));
  // Retype by content so that a PNG named "photo.jpg" is decoded as the PNG it is.
  const typed = blob.type === mime ? blob : new Blob([blob], { type: mime });
  return { blob: typed, mime, width, height, ...(orientation !== undefined ? { orientation } : {}) };
}

function drawSeed(random: (() => number) | undefined): number {
  if (random) return Math.min(SEED_MAX, Math.max(0, Math.floor(random() * (SEED_MAX + 1))));
  // SEED_MAX is 2^31 - 1, so the low 31 bits of a uniform 32-bit value are uniform over the range.
  return crypto.getRandomValues(new Uint32Array(1))[0] & SEED_MAX;
}

/**
 * Validates a request body against the whole contract and resolves its images.
 * Resolves to the request with defaults filled (`rendering_speed` DEFAULT, `num_images` 1,
 * `output_format` png, `metadata` keep, `background` #FFFFFF, a random `seed` with `seed_was_random: true`). Rejects with one
 * `InpaintError` (code `invalid_request`) listing every problem in `invalid_params`,
 * or with the signal's AbortError.
 * @example
 * try {
 *   const req = await validateRequest({ image: file, mask: maskBlob, prompt: 'a red door' });
 *   console.log(req.image.width, req.seed);
 * } catch (e) {
 *   if (e instanceof InpaintError) console.table(e.invalid_params);
 * }
 */
export async function validateRequest(body: unknown, options: ValidateRequestOptions = {}): Promise<ValidatedRequest> {
  const problems = validateRequestShape(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw InpaintError.invalidRequest(problems);
  const req = body as InpaintRequest;

  const resolved = await inspectImages(req as unknown as Record<string, unknown>, ['image', 'mask'], options, problems);
  const image = resolved.get('image');
  const mask = resolved.get('mask');
  if (image && mask && (image.width !== mask.width || image.height !== mask.height)) {
    problems.push({
      name: 'mask',
      reason: `is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height} (sizes after EXIF orientation); the mask must be the same size as the image`,
    });
  }
  if (problems.length > 0 || !image || !mask) throw InpaintError.invalidRequest(problems);
  options.signal?.throwIfAborted();

  return { image, mask, prompt: req.prompt, ...optionDefaults(req, resolved, options.random) };
}

/**
 * Resolves and inspects `names` (top-level image fields) and every reference image whose
 * shape passed, even if other fields failed, so one answer lists everything; their
 * problems are appended to `problems`. Shared by `validateRequest` and `validateExpandRequest`.
 */
export async function inspectImages(
  req: Record<string, unknown>,
  names: string[],
  options: ValidateRequestOptions,
  problems: InvalidParam[],
): Promise<Map<string, ResolvedImage>> {
  const fields: Array<[string, unknown]> = names.map((n) => [n, req[n]]);
  for (const list of ['style_reference_images', 'character_reference_images'] as const) {
    const value: unknown = req[list];
    if (Array.isArray(value)) value.forEach((item, i) => fields.push([`${list}[${i}]`, item]));
  }
  const checkable = fields.filter(([, value]) => value !== undefined && checkImageInput(value) === undefined);
  const results = await Promise.all(
    checkable.map(async ([name, value]) => [name, await inspectImage(value as ImageInput, name, options)] as const),
  );
  const resolved = new Map<string, ResolvedImage>();
  for (const [name, result] of results) {
    if (Array.isArray(result)) problems.push(...result);
    else resolved.set(name, result);
  }
  return resolved;
}

/** The optional fields an inpaint and an expand request share, defaults filled (see `validateRequest`). */
export function optionDefaults(
  req: Omit<InpaintRequest, 'image' | 'mask' | 'prompt'>,
  resolved: Map<string, ResolvedImage>,
  random?: () => number,
): Omit<ValidatedRequest, 'image' | 'mask' | 'prompt'> {
  const refs = (list: string): ResolvedImage[] =>
    [...resolved.entries()].filter(([name]) => name.startsWith(`${list}[`)).map(([, r]) => r);
  const seedGiven = typeof req.seed === 'number';
  return {
    rendering_speed: req.rendering_speed ?? 'DEFAULT',
    ...(req.magic_prompt !== undefined ? { magic_prompt: req.magic_prompt } : {}),
    ...(req.style_type !== undefined ? { style_type: req.style_type } : {}),
    ...(req.style_codes !== undefined ? { style_codes: [...req.style_codes] } : {}),
    style_reference_images: refs('style_reference_images'),
    character_reference_images: refs('character_reference_images'),
    ...(req.color_palette !== undefined ? { color_palette: structuredClone(req.color_palette) } : {}),
    seed: seedGiven ? (req.seed as number) : drawSeed(random),
    seed_was_random: !seedGiven,
    ...(req.webhook_url !== undefined ? { webhook_url: req.webhook_url } : {}),
    num_images: req.num_images ?? 1,
    output_format: req.output_format ?? 'png',
    metadata: req.metadata ?? 'keep',
    background: req.background ?? '#FFFFFF',
    ...(req.model !== undefined ? { model: req.model } : {}),
  };
}
