/**
 * Composite → encode without copying the full image. Each result used to be a
 * copy of the whole input (48 MB and ≈ 100 ms for a 12 MP photo) with the fill
 * pasted in. Now the fill goes into the prepared pixels in place, the result is
 * encoded from them, and the hole's saved pixels are written back, so
 * `input.rgba` holds the decoded input again for the next seed, or for the next
 * backend after a failure.
 */
import type { Rect } from '../../src/shared/rect';
import { resizeRgba } from '../../src/shared/pixels';
import type { PreparedInputs } from './prepare';
import type { DecodedCanvas } from '../../src/image/decode';
import { freeNow } from '../../src/shared/free-now';

/**
 * Runs `paste` on `input.rgba`, encodes the result with `encode`, then restores
 * the hole's pixels, whether encoding worked or not. Only hole pixels may
 * change: `paste` writes hole pixels only (compositeHole, compositeHoleFeathered),
 * and so does the worker's encode (an expand's seam is hole, and it writes the
 * original's own values elsewhere: workers/api.ts). So only they are saved,
 * packed row run by row run: for a 12 MP photo a few MB, where a copy of the
 * crop was 27 MB held through the whole encode. `lap` charges the paste to
 * `composite` and the encoding to `encode`.
 *
 * @example
 * const blob = await compositeAndEncode(input, (t) => compositeHole(t, input.width, fill, rect, input.hole), ctx.encode, lap);
 */
export async function compositeAndEncode(
  input: Pick<PreparedInputs, 'rgba' | 'width' | 'bounds' | 'hole'>,
  paste: (target: Uint8ClampedArray) => void,
  encode: (rgba: Uint8ClampedArray) => Promise<Blob>,
  lap: (stage: string) => void = () => {},
): Promise<Blob> {
  const saved = holePixels(input.rgba, input.width, input.hole, input.bounds, 'save');
  try {
    paste(input.rgba);
    lap('composite');
    const blob = await encode(input.rgba);
    lap('encode');
    return blob;
  } finally {
    holePixels(input.rgba, input.width, input.hole, input.bounds, 'restore', saved);
  }
}

/** Above this many runs of hole pixels in the box, {@link pasteIntoCanvas} reads and writes the box instead (about 25 ms either way). */
const MAX_PUT_RUNS = 32_768;

/**
 * {@link compositeAndEncode} for an image still in its decode canvas
 * (`PreparedInputs.canvas`): each run of hole pixels of a row is written into
 * the canvas from `fill` (all four channels: a fill made from `takeCrop()`'s
 * pixels holds the prefill's alpha there, which the paste into the prefilled
 * image kept), as a one-row dirty rect of `putImageData`; then `encode`
 * encodes the canvas. Only hole pixels are written, whatever `fill` holds
 * elsewhere, and nothing is restored: the next paste overwrites every hole
 * pixel again, and `takeCrop()` prefills them again. The 12 MP image is never
 * copied, and no pixel outside the hole is read or written (a blob's box of
 * 19 MB was read and written back, and left for the collector). A hole of
 * more than `maxRuns` runs (a dithered mask) is pasted through its box
 * instead: read, its hole pixels set, written back. `takeFill` is called once,
 * and the fill is the callee's from then on: it is freed (`freeNow`: it reads
 * as empty afterwards) before the encode.
 *
 * @example
 * const blob = await pasteIntoCanvas({ bounds, rect, cropHole: cropHole(hole, width, rect), canvas: input.canvas }, () => fill, ctx.encodeCanvas, lap);
 */
export async function pasteIntoCanvas(
  input: Pick<PreparedInputs, 'bounds' | 'rect'> & { canvas: DecodedCanvas; cropHole: Uint8Array },
  takeFill: () => Uint8ClampedArray,
  encode: (canvas: OffscreenCanvas) => Promise<Blob>,
  lap: (stage: string) => void = () => {},
  maxRuns = MAX_PUT_RUNS,
): Promise<Blob> {
  const { bounds: b, rect, cropHole } = input;
  const { canvas, context } = input.canvas;
  const fill = takeFill();
  // The box in the crop's coordinates, where the hole map and the fill are.
  const box = { x: b.x - rect.x, y: b.y - rect.y, width: b.width, height: b.height };
  const runs = holeRuns(cropHole, rect.width, box, maxRuns);
  if (runs) {
    const image = new ImageData(fill as Uint8ClampedArray<ArrayBuffer>, rect.width, rect.height);
    for (let i = 0; i < runs.length; i += 3) context.putImageData(image, rect.x, rect.y, runs[i], runs[i + 1], runs[i + 2], 1);
  } else {
    const pixels = context.getImageData(b.x, b.y, b.width, b.height);
    pasteHolePixels(pixels.data, box, fill, rect.width, cropHole);
    context.putImageData(pixels, b.x, b.y);
  }
  // Given back before the encode where script made it (src/shared/free-now.ts).
  freeNow(fill);
  lap('composite');
  const blob = await encode(canvas);
  lap('encode');
  return blob;
}

/** The runs of hole pixels in `box` (of a `width`-wide hole map), as (x, y, length) triples; null past `maxRuns`. */
function holeRuns(hole: Uint8Array, width: number, box: Rect, maxRuns: number): Int32Array | null {
  const runs: number[] = [];
  for (let y = box.y; y < box.y + box.height; y++) {
    const row = y * width;
    for (let x = box.x; x < box.x + box.width; x++) {
      if (hole[row + x] !== 1) continue;
      let end = x + 1;
      while (end < box.x + box.width && hole[row + end] === 1) end++;
      if (runs.length === 3 * maxRuns) return null;
      runs.push(x, y, end - x);
      x = end;
    }
  }
  return Int32Array.from(runs);
}

/** Sets the hole pixels of `target` (the pixels of `box`, a rect of the crop) from `fill` and `hole` (the crop's pixels and hole map, `width` wide). */
function pasteHolePixels(target: Uint8ClampedArray, box: Rect, fill: Uint8ClampedArray, width: number, hole: Uint8Array): void {
  for (let y = 0; y < box.height; y++) {
    const row = (box.y + y) * width + box.x;
    const src = row * 4;
    for (let x = 0; x < box.width; x++) {
      if (hole[row + x] !== 1) continue;
      // A run of hole pixels moves as one slice.
      let end = x + 1;
      while (end < box.width && hole[row + end] === 1) end++;
      target.set(fill.subarray(src + x * 4, src + end * 4), (y * box.width + x) * 4);
      x = end;
    }
  }
}

/**
 * The RGBA of the hole pixels inside `box`, packed in row order (`save`), or
 * written back from such a packing (`restore`). Each row's runs of hole pixels
 * move as one slice.
 */
function holePixels(rgba: Uint8ClampedArray, width: number, hole: Uint8Array, box: Rect, how: 'save' | 'restore', packed?: Uint8ClampedArray): Uint8ClampedArray {
  let count = 0;
  if (!packed) {
    for (let y = box.y; y < box.y + box.height; y++) {
      const row = y * width;
      for (let x = box.x; x < box.x + box.width; x++) if (hole[row + x]) count++;
    }
  }
  const out = packed ?? new Uint8ClampedArray(count * 4);
  let at = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    const row = y * width;
    for (let x = box.x; x < box.x + box.width; x++) {
      if (!hole[row + x]) continue;
      let end = x + 1;
      while (end < box.x + box.width && hole[row + end]) end++;
      const n = (end - x) * 4;
      if (how === 'save') out.set(rgba.subarray((row + x) * 4, (row + end) * 4), at);
      else rgba.set(out.subarray(at, at + n), (row + x) * 4);
      at += n;
      x = end;
    }
  }
  return out;
}

/**
 * The part of `rect` that a paste-back reads: the hole's bounding box grown by
 * `feather + 1` (the cap of the feather's distance map, so every distance in it
 * is the one computed over all of `rect`), clipped to `rect`. Absolute coordinates.
 *
 * @example
 * pasteWindow({ x: 50, y: 50, width: 10, height: 10 }, rect, 0); // the box itself
 */
export function pasteWindow(bounds: Rect, rect: Rect, feather: number): Rect {
  const g = feather > 0 ? Math.floor(feather) + 1 : 0;
  const x0 = Math.max(rect.x, bounds.x - g);
  const y0 = Math.max(rect.y, bounds.y - g);
  const x1 = Math.min(rect.x + rect.width, bounds.x + bounds.width + g);
  const y1 = Math.min(rect.y + rect.height, bounds.y + bounds.height + g);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Brings a fill computed at `runWidth × runHeight` back to `rect`'s size with
 * `bilinear`, but only over the paste window ({@link pasteWindow}): the margin
 * of context around the hole is never written, so it is never upsampled.
 * Returns the fill and the rect it covers; a fill already at `rect`'s size is
 * returned as it is.
 *
 * @example
 * const up = upsampleFill(fill, runW, runH, rect, input.bounds, 0);
 * compositeHole(target, input.width, up.fill, up.rect, input.hole);
 */
export function upsampleFill(
  fill: Uint8ClampedArray,
  runWidth: number,
  runHeight: number,
  rect: Rect,
  bounds: Rect,
  feather: number,
): { fill: Uint8ClampedArray; rect: Rect } {
  if (runWidth === rect.width && runHeight === rect.height) return { fill, rect };
  const win = pasteWindow(bounds, rect, feather);
  const local = { x: win.x - rect.x, y: win.y - rect.y, width: win.width, height: win.height };
  return { fill: resizeRgba(fill, runWidth, runHeight, rect.width, rect.height, 'bilinear', local), rect: win };
}
