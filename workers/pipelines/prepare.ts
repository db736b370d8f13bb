/**
 * The first stage of every pipeline: decode the job's image and mask once,
 * check them, and prefill the hole from the known pixels.
 */
import type { InpaintJob } from './contract';
import { InpaintError } from '../../src/shared/errors';
import { contextRect, cropHole, cropRgba, holeBounds, holeMapFromRgba, type Rect } from '../../src/shared/pixels';
import { blankHole, prefillHole } from '../../src/shared/prefill';
import { bitmapOptions, decodeImage, decodeToCanvas, type DecodedCanvas } from '../../src/image/decode';
import { isPng, pngHoleMap, type PngHoleMap } from '../../src/image/mask-png';
import { EXPAND_OVERLAP, buildExpandCanvas } from '../../src/shared/expand';
import { freeNow } from '../../src/shared/free-now';
import type { ExpandSides } from '../../src/request/types';

/** Decoded inputs shared by every image of one job. */
export interface PreparedInputs {
  width: number;
  height: number;
  /**
   * The whole image, hole prefilled. For a decoded image (not an expand), read
   * from `canvas` the first time it is asked for (then `canvas` is let go of).
   */
  rgba: Uint8ClampedArray;
  /**
   * The whole image's hole map (1 = hole). For a decoded image (not an expand),
   * made from {@link PreparedInputs.cropHole} the first time it is asked for:
   * outside `rect` every pixel is known, and a 12 MP mask's map is 12 MB that
   * the built-in fill never reads.
   */
  hole: Uint8Array;
  /** `rect`'s part of `hole` (`cropHole(hole, width, rect)`), where it is kept apart: read it, never write it. */
  cropHole?: Uint8Array;
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
  /**
   * A decoded image (not an expand) as decoded, until `rgba` is asked for: a
   * pipeline that works on `rect` alone ({@link PreparedInputs.takeCrop}) can
   * paste its fill into it and encode it (paste-back.ts `pasteIntoCanvas`), so
   * the 12 MP image is never read out whole nor written back.
   */
  canvas?: DecodedCanvas;
  /**
   * `rect`'s pixels, hole prefilled, the same bytes as `cropRgba(rgba, width, rect)`:
   * the caller's to write into. A later call reads them again. With `'blank'`, for a
   * model that never reads the values under its mask, the hole's colour is not the
   * prefill's but neutral grey where the crop is opaque ({@link blankHole}: a pass
   * instead of the pull-push, 12 MP blob's crop); alpha and every other byte are the same.
   * `cropMask`: `cropHole(hole, width, rect)` where the caller has it already.
   */
  takeCrop?(hole?: 'prefill' | 'blank', cropMask?: Uint8Array): Uint8ClampedArray;
  /** Lets go of the canvas and the pixels now rather than at the next GC (the job is over). */
  release?(): void;
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
  // The image stays in the canvas it is decoded into: only the crop around the hole is read out.
  // The browser reads the image's blob for its decoder on this thread: started first, a PNG
  // mask's inflate (one long task here) held the decode's start back until it ended, about 90 ms
  // (bench/lab/thread-trace.mjs). So the mask waits for a read of the image's blob issued after
  // the decoder's, which comes back with it.
  const maskBlob = job.mask;
  const decoding = bitmapOptions(job.image).then((options) => {
    const image = decodeToCanvas(job.image, 'image', options).then((v) => time('decode_image', started, v));
    // Unreadable: the decode says so, and the mask still goes on.
    const read = job.image.arrayBuffer().then(() => time('image_read', started, undefined), () => undefined);
    return { image, read };
  });
  const [image, png] = await Promise.all([
    decoding.then((d) => d.image),
    decoding
      .then((d) => d.read)
      .then(() => pngMaskHoleMap(maskBlob))
      .then((v) => time('decode_mask', started, v)),
  ]);
  try {
    const browserMask = performance.now();
    const mask = png ?? time('decode_mask', browserMask, await decodeHoleMap(job.mask));
    return fromCanvas(image, mask, timings);
  } catch (err) {
    image.canvas.width = image.canvas.height = 0;
    throw err;
  }
}

/** The mask's checks, then the inputs of a decoded image kept in its canvas (see {@link PreparedInputs.canvas}). */
function fromCanvas(image: DecodedCanvas, mask: PngHoleMap, timings?: Record<string, number>): PreparedInputs {
  if (image.width !== mask.width || image.height !== mask.height) {
    throw InpaintError.invalidRequest([
      {
        name: 'mask',
        reason: `the mask is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height}; they must be the same size`,
      },
    ]);
  }
  const { hole, bounds, count } = mask;
  if (!bounds) {
    throw InpaintError.invalidRequest([
      { name: 'mask', reason: 'the mask has no black pixels; black (< 50 % grey) marks the area to edit, white keeps it' },
    ]);
  }
  const { width, height, context } = image;
  const rect = contextRect(bounds, width, height);
  // The whole map is kept as its crop around the hole: every pixel outside `rect` is known.
  // It is remade if a pipeline asks for `hole`; the mask's own is freed now (free-now.ts).
  const known = rect.width * rect.height - count;
  const rectHole = cropHole(hole, width, rect);
  freeNow(hole);
  let wholeHole: Uint8Array | undefined;
  // The one place where the hole's own pixels are dropped, for every pipeline:
  // from here on a hole pixel holds a fill from the known pixels only. The
  // prefill reads and writes `rect` alone, so running it on the crop gives the
  // bytes it gave on the whole image. The crop is read when a pipeline takes it
  // (or the whole image when it asks for `rgba`), not here: which of the two, and
  // whether the hole needs the prefill's colours, is the pipeline's to say.
  const readCrop = (how: 'prefill' | 'blank', cropMask = rectHole) => {
    if (!input.canvas) throw new Error('prepareInputs: the image was released');
    const started = performance.now();
    const pixels = context.getImageData(rect.x, rect.y, rect.width, rect.height).data;
    const prefilling = performance.now();
    (how === 'blank' ? blankHole : prefillHole)(pixels, cropMask, rect.width, rect.height);
    if (timings) [timings.read_crop, timings.prefill] = [prefilling - started, performance.now() - prefilling];
    return pixels;
  };
  let full: Uint8ClampedArray | undefined;
  const input: PreparedInputs = {
    width,
    height,
    get hole(): Uint8Array {
      return (wholeHole ??= placeHole(rectHole, rect, width, height));
    },
    cropHole: rectHole,
    bounds,
    rect,
    known,
    canvas: image,
    get rgba(): Uint8ClampedArray {
      if (!full) {
        if (!input.canvas) throw new Error('prepareInputs: the image was released');
        full = context.getImageData(0, 0, width, height).data;
        prefillHole(full, input.hole, width, height, rect);
        // From here on the pixels are these: the canvas is only memory.
        input.release!();
      }
      return full;
    },
    takeCrop(how = 'prefill', cropMask) {
      return full ? cropRgba(full, width, rect) : readCrop(how, cropMask);
    },
    release() {
      if (input.canvas) input.canvas.canvas.width = input.canvas.canvas.height = 0;
      input.canvas = undefined;
    },
  };
  return input;
}

/** A `width × height` hole map that is `crop` inside `rect` and known elsewhere. */
function placeHole(crop: Uint8Array, rect: Rect, width: number, height: number): Uint8Array {
  const hole = new Uint8Array(width * height);
  for (let y = 0; y < rect.height; y++) hole.set(crop.subarray(y * rect.width, (y + 1) * rect.width), (rect.y + y) * width + rect.x);
  return hole;
}

/** Hole pixels inside `box` (which holds them all: the hole's bounding box). */
function holeCount(hole: Uint8Array, width: number, box: Rect | null): number {
  let n = 0;
  if (!box) return n;
  for (let y = box.y; y < box.y + box.height; y++) {
    const row = y * width + box.x;
    for (let i = row; i < row + box.width; i++) if (hole[i]) n++;
  }
  return n;
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
  const bounds = holeBounds(hole, width, height);
  return { width, height, hole, bounds, count: holeCount(hole, width, bounds) };
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
