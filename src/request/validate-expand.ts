/**
 * Validation of an Image Expand request (`client.expand()`, `POST
 * /v1/ai/image-expand/flux-pro`): the inpaint request's rules for the fields the
 * two share, and the sides. Like `validateRequest`, every problem ends up in one
 * `InpaintError.invalidRequest`, each field named with what is valid.
 */
import { InpaintError, type InvalidParam } from '../shared/errors';
import { checkImageInput, describeType } from './image-input';
import { formatCount, inspectImages, optionDefaults, type ValidateRequestOptions } from './validate';
import { validateOptionsShape } from './validate-shape';
import {
  EXPAND_SIDES,
  MAX_EXPAND_SIDE,
  MAX_PIXELS,
  MAX_PROMPT_LENGTH,
  type ExpandRequest,
  type ExpandSides,
  type ValidatedExpandRequest,
} from './types';

/**
 * Everything in an expand body that needs no image bytes. Unknown fields are
 * ignored (as the hosted API ignores them), except `mask`: an expand has no mask,
 * and one sent here is almost surely a request meant for inpainting.
 *
 * @example
 * validateExpandShape({ image: 'https://x/a.png', left: -1 });
 * // [{ name: 'left', reason: 'is -1; expected an integer from 0 to 2048 (pixels added on that side)' }]
 */
export function validateExpandShape(body: unknown): InvalidParam[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ name: 'body', reason: `is ${describeType(body)}; expected a JSON object with image and at least one of left, right, top, bottom` }];
  }
  const b = body as Record<string, unknown>;
  const problems: InvalidParam[] = [];
  if (b.image === undefined) problems.push({ name: 'image', reason: 'is required: the image to expand' });
  else {
    const reason = checkImageInput(b.image);
    if (reason) problems.push({ name: 'image', reason });
  }
  if (b.mask !== undefined) {
    problems.push({ name: 'mask', reason: 'is not a field of an expand request: the hole is the new border; send the request without mask, or use submit() to inpaint' });
  }
  if (b.prompt !== undefined) {
    if (typeof b.prompt !== 'string') problems.push({ name: 'prompt', reason: `is ${describeType(b.prompt)}; expected a string (optional)` });
    else if (b.prompt.length > MAX_PROMPT_LENGTH) problems.push({ name: 'prompt', reason: `has ${b.prompt.length} characters; expected at most ${MAX_PROMPT_LENGTH}` });
  }
  let anyBad = false;
  for (const side of EXPAND_SIDES) {
    const v = b[side];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_EXPAND_SIDE) {
      anyBad = true;
      const got = typeof v === 'number' ? String(v) : describeType(v);
      problems.push({ name: side, reason: `is ${got}; expected an integer from 0 to ${MAX_EXPAND_SIDE} (pixels added on that side)` });
    }
  }
  if (!anyBad && EXPAND_SIDES.every((s) => !b[s])) {
    problems.push({
      name: 'left, right, top, bottom',
      reason: `are all 0 or absent; at least one side must be an integer from 1 to ${MAX_EXPAND_SIDE} (pixels added on that side)`,
    });
  }
  problems.push(...validateOptionsShape(b));
  return problems;
}

/**
 * Validates an expand request and resolves its images: defaults as
 * `validateRequest` (plus `prompt` '' and each absent side 0), and the output
 * (image + sides) at most the pixel cap. Rejects with one `InpaintError`
 * (`invalid_request`) listing every problem, or with the signal's AbortError.
 *
 * @example
 * const req = await validateExpandRequest({ image: file, right: 256 });
 * req.output; // { width: image width + 256, height: image height }
 */
export async function validateExpandRequest(body: unknown, options: ValidateRequestOptions = {}): Promise<ValidatedExpandRequest> {
  const problems = validateExpandShape(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw InpaintError.invalidRequest(problems);
  const req = body as ExpandRequest;
  const maxPixels = options.maxPixels ?? MAX_PIXELS;

  const resolved = await inspectImages(req as unknown as Record<string, unknown>, ['image'], options, problems);
  const image = resolved.get('image');
  const sidesValid = !problems.some((p) => (EXPAND_SIDES as readonly string[]).includes(p.name) || p.name.startsWith('left, '));
  const expand = Object.fromEntries(EXPAND_SIDES.map((s) => [s, (req[s] as number | undefined) ?? 0])) as ExpandSides;
  // Only sides that passed are added up: a refused side may be anything (an object without a prototype throws on `+`).
  const output = image && sidesValid ? { width: image.width + expand.left + expand.right, height: image.height + expand.top + expand.bottom } : undefined;
  if (image && output && output.width * output.height > maxPixels) {
    const names = EXPAND_SIDES.filter((s) => expand[s] > 0);
    problems.push({
      name: names.join(', '),
      reason:
        `make the output ${output.width}x${output.height} = ${formatCount(output.width * output.height)} pixels (image ${image.width}x${image.height}); ` +
        `the maximum is ${formatCount(maxPixels)} pixels (${Math.round(maxPixels / 2 ** 20)} megapixels): add fewer pixels`,
    });
  }
  if (problems.length > 0 || !image || !output) throw InpaintError.invalidRequest(problems);
  options.signal?.throwIfAborted();

  return { image, prompt: req.prompt ?? '', expand, output, ...optionDefaults(req, resolved, options.random) };
}
