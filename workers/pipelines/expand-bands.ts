/**
 * Image Expand on the learned models: the border in bands. MI-GAN and LaMa run
 * on a 512 px window and diffusion at its resolution; one window around a wide
 * border would be shrunk to that size and its fill blown back up (a blur). So
 * the canvas is cut into square cores of half the window, and each core holding
 * border pixels is filled by its own run of the unchanged pipeline, on a window
 * of the model's size centred on it (1:1 for LaMa and SD), nearest the original
 * first, so that every later core sees the filled ones as context. Hole pixels
 * outside the core stay hole for that run: a model never takes a prefill for
 * real pixels. Only the core's pixels are kept from each run.
 */
import type { ModelManifest } from '../../models/manifest';
import { LAMA_SIZE } from '../../models/lama/manifest';
import { MIGAN_IO } from '../../models/migan/manifest';
import { isDiffusionManifest } from '../../models/sd/manifest';
import type { RenderingSpeed } from '../../src/request/types';
import { contextRect, cropRgba, type Rect } from '../../src/shared/pixels';
import type { InpaintJobImage } from './contract';
import type { ModelRun } from './family';
import type { PreparedInputs } from './prepare';

/** The model's window side for an expand, or undefined for a model that needs no bands (the built-in fill works at any size). */
export function bandWindow(manifest: ModelManifest, speed: RenderingSpeed): number | undefined {
  if (manifest.family === 'lama') return LAMA_SIZE;
  if (manifest.family === 'migan') return MIGAN_IO.resolution;
  if (isDiffusionManifest(manifest)) return manifest.diffusion.speeds[speed].resolution;
  return undefined;
}

/** The bounding box of the hole pixels of `hole` inside `core`, or null. */
function holeIn(hole: Uint8Array, width: number, core: Rect): Rect | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = core.y; y < core.y + core.height; y++) {
    for (let x = core.x; x < core.x + core.width; x++) {
      if (!hole[y * width + x]) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * The cores to fill, in order (pure): the canvas cut into squares of `window / 2`
 * px, those holding hole pixels, nearest the original first (by dx + dy, so corners come after the sides they touch; then top to bottom,
 * left to right). Undefined when the whole hole fits one core: one run does it.
 *
 * @example
 * planBands(input, 512); // 256 px cores along the border, or undefined for a narrow one
 */
export function planBands(input: Pick<PreparedInputs, 'width' | 'height' | 'hole' | 'bounds'>, window: number, original: Rect): Rect[] | undefined {
  const side = Math.max(32, Math.floor(window / 2));
  if (Math.max(input.bounds.width, input.bounds.height) <= side) return undefined;
  const cores: Array<{ rect: Rect; distance: number }> = [];
  for (let y = 0; y < input.height; y += side) {
    for (let x = 0; x < input.width; x += side) {
      const rect = { x, y, width: Math.min(side, input.width - x), height: Math.min(side, input.height - y) };
      if (!holeIn(input.hole, input.width, rect)) continue;
      const dx = Math.max(original.x - (x + rect.width), x - (original.x + original.width), 0);
      const dy = Math.max(original.y - (y + rect.height), y - (original.y + original.height), 0);
      cores.push({ rect, distance: dx + dy });
    }
  }
  return cores.sort((a, b) => a.distance - b.distance || a.rect.y - b.rect.y || a.rect.x - b.rect.x).map((c) => c.rect);
}

/**
 * Wraps a bound model run: an expand whose border is wider than one core is
 * filled core by core (see above), one seed at a time, and encoded once (the
 * worker's encode writes the original back). Anything else runs as it is.
 */
export function bandedRun(run: ModelRun, window: number): ModelRun {
  return async (job, ctx, input, route) => {
    const cores = input.expand ? planBands(input, window, input.expand.rect) : undefined;
    if (!cores) return run(job, ctx, input, route);
    const timings: Record<string, number> = {};
    const images: InpaintJobImage[] = [];
    let note = '';
    for (const seed of job.seeds) {
      const current = new Uint8ClampedArray(input.rgba);
      const unfilled = new Uint8Array(input.hole);
      let prompt: string | undefined;
      for (const core of cores) {
        const bounds = holeIn(unfilled, input.width, core);
        if (!bounds) continue;
        let filled: Uint8ClampedArray | undefined;
        // Its own hole map and crop: a crop hole map of the input's (PreparedInputs.cropHole) would be another rect's.
        const band: PreparedInputs = { ...input, rgba: current, hole: unfilled, cropHole: undefined, bounds, rect: contextRect(bounds, input.width, input.height), expand: undefined };
        // The run's result is taken before encoding: one encode per image, after the last band.
        // A copy of the band's box: the pipeline restores its input's pixels once encoding resolves (paste-back.ts).
        const out = await run({ ...job, seeds: [seed] }, { ...ctx, encode: async (rgba) => ((filled = cropRgba(rgba, input.width, bounds)), new Blob()) }, band, route);
        note ||= out.note;
        prompt = out.images[0]?.prompt ?? prompt;
        for (const [k, v] of Object.entries(out.timings)) timings[k] = (timings[k] ?? 0) + v;
        if (!filled) throw new Error('the pipeline returned no pixels for a band');
        for (let y = bounds.y; y < bounds.y + bounds.height; y++) {
          for (let x = bounds.x; x < bounds.x + bounds.width; x++) {
            const p = y * input.width + x;
            if (!unfilled[p]) continue;
            const q = ((y - bounds.y) * bounds.width + (x - bounds.x)) * 4;
            current.set(filled.subarray(q, q + 4), p * 4);
            unfilled[p] = 0;
          }
        }
      }
      const blob = await ctx.encode(current);
      images.push({ blob, seed, width: input.width, height: input.height, ...(prompt !== undefined ? { prompt } : {}) });
    }
    const side = Math.max(32, Math.floor(window / 2));
    return { images, timings, note: `the border was filled in ${cores.length} bands of ${side}×${side} px, each on a ${window} px window nearest the original first${note ? `; per band: ${note}` : ''}` };
  };
}
