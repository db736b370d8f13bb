/**
 * The first stage of every pipeline: decode the job's image and mask once,
 * check them, and prefill the hole from the known pixels.
 */
import type { InpaintJob } from './contract';
import { InpaintError } from '../../src/shared/errors';
import { contextRect, holeBounds, holeMapFromRgba, type Rect } from '../../src/shared/pixels';
import { prefillHole } from '../../src/shared/prefill';
import { decodeImage } from '../../src/image/decode';
import { isPng, pngHoleMap, type PngHoleMap } from '../../src/image/mask-png';
import { EXPAND_OVERLAP, buildExpandCanvas } from '../../src/shared/expand';
import type { ExpandSides } from '../../src/request/types';

/** Decoded inputs shared by every image of one job. */
export interface PreparedInputs {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  hole: Uint8Array;
  /** Bounding box of the hole. */
  bounds: Rect;
  /** The built-in model's context crop around `bounds`. */
  rect: Rect;
  /**
   * Known (unmasked) pixels around the hole, in `rect`; 0 when the mask covers
   * the whole image and there is nothing to fill from.
   */
  known: number;
  /** An expand job: the original and its place in the canvas, written back bit-exact before encoding. */
  expand?: { original: Uint8ClampedArray; rect: Rect; feather: number };
}

/**
 * Decodes image and mask once per job, checks they match and that the mask has
 * a hole, and replaces the hole's pixels by a prefill from the known pixels
 * ({@link prefillHole}), so nothing of the removed content reaches a model.
 */
export async function prepareInputs(job: Pick<InpaintJob, 'image' | 'mask' | 'expand'>, timings?: Record<string, number>): Promise<PreparedInputs> {
  if (job.expand) return prepareExpand(job.image, job.expand);
  // The parts of the task's `decode`, each its own elapsed time (the image's and a PNG mask's decode overlap).
  const time = <T>(name: string, start: number, value: T): T => {
    if (timings) timings[name] = performance.now() - start;
    return value;
  };
  const started = performance.now();
  if (!job.mask) throw InpaintError.invalidRequest([{ name: 'mask', reason: 'is required: a black-and-white mask the same size as the image (black = edit)' }]);
  // A PNG mask is read straight into a hole map (src/image/mask-png.ts: no RGBA, one
  // byte a pixel), beside the image's decode. Any other mask goes through the browser
  // after the image: decoding both at once held two bitmaps, two canvases and two
  // pixel copies at the same moment (about 5× a 12 MP image's RGBA bytes at the peak).
  const [image, png] = await Promise.all([
    decodeImage(job.image, 'image').then((v) => time('decode_image', started, v)),
    pngMaskHoleMap(job.mask).then((v) => time('decode_mask', started, v)),
  ]);
  const browserMask = performance.now();
  const mask = png ?? time('decode_mask', browserMask, await decodeHoleMap(job.mask));
  if (image.width !== mask.width || image.height !== mask.height) {
    throw InpaintError.invalidRequest([
      {
        name: 'mask',
        reason: `the mask is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height}; they must be the same size`,
      },
    ]);
  }
  const { hole, bounds } = mask;
  if (!bounds) {
    throw InpaintError.invalidRequest([
      { name: 'mask', reason: 'the mask has no black pixels; black (< 50 % grey) marks the area to edit, white keeps it' },
    ]);
  }
  const rect = contextRect(bounds, image.width, image.height);
  // The one place where the hole's own pixels are dropped, for every pipeline:
  // from here on a hole pixel holds a fill from the known pixels only.
  const prefilling = performance.now();
  const known = time('prefill', prefilling, prefillHole(image.data, hole, image.width, image.height, rect));
  return { width: image.width, height: image.height, rgba: image.data, hole, bounds, rect, known };
}

/** A PNG mask's hole map when src/image/mask-png.ts reads it exactly, else null. */
async function pngMaskHoleMap(blob: Blob): Promise<PngHoleMap | null> {
  if (!isPng(new Uint8Array(await blob.slice(0, 8).arrayBuffer()))) return null;
  return pngHoleMap(new Uint8Array(await blob.arrayBuffer()));
}

/** The mask through the browser's decoder, as a hole map; its decoded RGBA is garbage as soon as this returns. */
async function decodeHoleMap(blob: Blob): Promise<PngHoleMap> {
  const { width, height, data } = await decodeImage(blob, 'mask');
  const hole = holeMapFromRgba(data, width, height);
  return { width, height, hole, bounds: holeBounds(hole, width, height) };
}

/**
 * An expand job's inputs: the larger canvas ({@link buildExpandCanvas}) whose hole
 * is the new border plus the overlap, prefilled like any hole. `expand` keeps the
 * original for the paste-back (src/shared/expand.ts `finishExpand`, applied by the worker's encode).
 */
async function prepareExpand(blob: Blob, sides: ExpandSides): Promise<PreparedInputs> {
  const image = await decodeImage(blob, 'image');
  const canvas = buildExpandCanvas(image.data, image.width, image.height, sides);
  const bounds = holeBounds(canvas.hole, canvas.width, canvas.height)!;
  const rect = contextRect(bounds, canvas.width, canvas.height);
  const known = prefillHole(canvas.rgba, canvas.hole, canvas.width, canvas.height, rect);
  return {
    width: canvas.width,
    height: canvas.height,
    rgba: canvas.rgba,
    hole: canvas.hole,
    bounds,
    rect,
    known,
    expand: { original: image.data, rect: canvas.original, feather: EXPAND_OVERLAP },
  };
}
