/**
 * Where a learned model runs: a square window around the hole's bounding box,
 * and the scale that brings it to the model's resolution. Pure (Node-tested).
 *
 * No tensor ever holds the full image: a 12 MP photo with a small hole runs on
 * one window of the model's size, at 1:1.
 */
import type { Rect } from '../../src/shared/pixels';
import type { RenderingSpeed } from '../../src/request/types';
import { LAMA_SIZE } from '../../models/lama/manifest';
import { MIGAN_IO } from '../../models/migan/manifest';

/**
 * A square window of side `side` centred on `bounds`, shifted to lie inside the
 * image and clamped to it (so it is narrower than `side` only where the image is).
 * It always contains `bounds` when `side` ≥ the bounds' longer side.
 *
 * @example
 * squareWindow({ x: 3000, y: 100, width: 40, height: 30 }, 4000, 3000, 512); // {x: 2764, y: 0, width: 512, height: 512}
 */
export function squareWindow(bounds: Rect, width: number, height: number, side: number): Rect {
  const axis = (start: number, extent: number, size: number) => {
    const len = Math.min(side, size);
    const centre = start + extent / 2;
    const lo = Math.min(Math.max(0, Math.round(centre - len / 2)), size - len);
    return [lo, len] as const;
  };
  const [x, w] = axis(bounds.x, bounds.width, width);
  const [y, h] = axis(bounds.y, bounds.height, height);
  return { x, y, width: w, height: h };
}

/** A window and how it is brought to the model's fixed input. */
export interface CropPlan {
  /** The window in image pixels. */
  rect: Rect;
  /** Model pixels per image pixel (≤ 1); 1 means the window runs unresampled. */
  scale: number;
  /** The window's size after scaling (≤ the model side); the rest of the input is padding. */
  runWidth: number;
  runHeight: number;
  /** Feather width in image pixels for the paste-back (0 at 1:1, where the fill is already exact). */
  feather: number;
}

/**
 * Context margin around the hole per speed, as `max(min, fraction · longer hole side)`.
 * QUALITY keeps the context tight, so a big hole keeps more of the 512 model
 * pixels (less downscaling); DEFAULT and TURBO give LaMa more surroundings to
 * continue structure from.
 */
export const LAMA_MARGIN: Readonly<Record<RenderingSpeed, { min: number; fraction: number }>> = {
  TURBO: { min: 64, fraction: 0.5 },
  DEFAULT: { min: 64, fraction: 0.5 },
  QUALITY: { min: 32, fraction: 0.125 },
};

/**
 * LaMa's window: side `max(512, longer + 2·margin)`. Up to 512 it runs at 1:1
 * (a small hole in a 12 MP photo gets a 512×512 window of real context, never a
 * blown-up crop); beyond it, the window is shrunk to fit 512 (`area`) and the
 * fill brought back with `bilinear`, then pasted with a feather of
 * `clamp(ceil(1.5 / scale), 2, 8)` px inside the hole. An image smaller than
 * 512 on a side is padded (edge replication of pixels and mask).
 *
 * @example
 * planLamaCrop(holeBounds, 4000, 3000, 'DEFAULT'); // { rect: 512×512 window, scale: 1, feather: 0, … }
 */
export function planLamaCrop(bounds: Rect, width: number, height: number, speed: RenderingSpeed): CropPlan {
  const longer = Math.max(bounds.width, bounds.height);
  const { min, fraction } = LAMA_MARGIN[speed];
  const margin = Math.max(min, Math.round(fraction * longer));
  const rect = squareWindow(bounds, width, height, Math.max(LAMA_SIZE, longer + 2 * margin));
  const scale = Math.min(1, LAMA_SIZE / Math.max(rect.width, rect.height));
  const runWidth = Math.min(LAMA_SIZE, Math.max(1, Math.round(rect.width * scale)));
  const runHeight = Math.min(LAMA_SIZE, Math.max(1, Math.round(rect.height * scale)));
  const feather = scale < 1 ? Math.min(8, Math.max(2, Math.ceil(1.5 / scale))) : 0;
  return { rect, scale, runWidth, runHeight, feather };
}

/** Extra pixels around MI-GAN's own crop, for its off-by-one bbox and rounding. */
const MIGAN_SLACK = 16;

/**
 * MI-GAN's window: the graph crops a square of side `max(longer + 2·128, 512)`
 * around the hole by itself (create_onnx_pipeline.py), so feeding it this window
 * (plus slack) instead of the whole image gives it the same pixels while keeping
 * a 12 MP photo out of the graph's float tensors.
 *
 * @example
 * planMiganCrop(holeBounds, 4000, 3000); // a ≥ 528 px square around the hole
 */
export function planMiganCrop(bounds: Rect, width: number, height: number): Rect {
  const longer = Math.max(bounds.width, bounds.height);
  const side = Math.max(longer + 2 * MIGAN_IO.padding, MIGAN_IO.resolution) + MIGAN_SLACK;
  return squareWindow(bounds, width, height, side);
}
