/**
 * Where the diffusion model runs: a window around the hole, brought to the
 * model's resolution (pure, Node-tested).
 *
 * The window is a square of side `max(longer + 2·margin, resolution / 2)`,
 * margin `max(32, round(0.5·longer))`, clamped to the image (so narrower only
 * where the image is). It is resized so its longer side is `resolution`, each
 * side rounded to a multiple of 64 (the UNet halves the 1/8 latents three
 * times), and the result is resized back and pasted into hole pixels only with
 * a 2 px feather inside the hole: every pixel outside the hole is untouched.
 */
import type { Rect } from '../../../src/shared/pixels';
import { squareWindow } from '../crop-plan';

export interface DiffusionWindow {
  rect: Rect;
  runWidth: number;
  runHeight: number;
  /** Feather (image px) of the paste-back, inside the hole. */
  feather: number;
}

/** The UNet needs latent sides divisible by 8, i.e. image sides divisible by 64. */
export const RUN_MULTIPLE = 64;
export const DIFFUSION_FEATHER = 2;

/**
 * @example
 * planDiffusionWindow({ x: 600, y: 90, width: 120, height: 80 }, 900, 600, 512);
 * // { rect: 256×256 around the hole, runWidth: 512, runHeight: 512, feather: 2 }
 */
export function planDiffusionWindow(bounds: Rect, width: number, height: number, resolution: number): DiffusionWindow {
  const longer = Math.max(bounds.width, bounds.height);
  const margin = Math.max(32, Math.round(0.5 * longer));
  const rect = squareWindow(bounds, width, height, Math.max(longer + 2 * margin, resolution / 2));
  const scale = resolution / Math.max(rect.width, rect.height);
  const side = (n: number) => Math.max(RUN_MULTIPLE, Math.round((n * scale) / RUN_MULTIPLE) * RUN_MULTIPLE);
  return { rect, runWidth: side(rect.width), runHeight: side(rect.height), feather: DIFFUSION_FEATHER };
}
