/**
 * Which model the editor offers to download after a result, in one click: the
 * better fill after a built-in result (MI-GAN; LaMa for a large hole), or
 * SD-Turbo when a prompt asked for new content that a fill model could not
 * follow. Pure: the editor passes in what it knows (the result, the cache, the
 * device check, what the person dismissed) and renders the answer.
 *
 * "Large" follows the routing rules (workers/pipelines/route.ts and the
 * MI-GAN manifest): MI-GAN's graph crops a square of the hole plus 128 px on
 * each side, at least 512, and runs it at 512 px. A hole whose longer side is
 * over 256 px no longer fits that window at 1:1, so MI-GAN fills it
 * downscaled; LaMa, which routing puts first at DEFAULT and QUALITY, keeps
 * more of it (see crop-plan.ts) and continues large structures.
 */
import { catalogModel } from '../../../models/catalog';
import { MIGAN_IO } from '../../../models/migan/manifest';
import { preferenceTable } from '../../../models/preference';
import { MODEL_LIST } from '../../../models/registry';
import type { RenderingSpeed } from '../../request/types';
import type { DeviceSupport } from '../../shared/device-support';
import { holeBounds, holeMapFromRgba } from '../../shared/pixels';
import { isRemovalPrompt } from '../../shared/prompt-intent';
import { modelSize } from './model-choice';
import { PROMPT_MODELS, runsHere } from './prompt-note';

export { PROMPT_MODELS, runsHere };

/** A hole whose longer side is over this many pixels is "large" (see the module comment). */
export const LARGE_HOLE_PX = MIGAN_IO.resolution - 2 * MIGAN_IO.padding;

/** Fill models per speed, best first: the router's order (models/preference.ts). */
export const FILL_PREFERENCE: Readonly<Record<RenderingSpeed, readonly string[]>> = preferenceTable(MODEL_LIST, false);


/** What the editor knows after a result. */
export interface OfferContext {
  /** The model that made the result. */
  resultModel?: string;
  /** The request's prompt and speed. */
  prompt: string;
  speed: RenderingSpeed;
  /** The model the person chose ('' = automatic routing). */
  chosenModel: string;
  /** The hole's bounding box in image pixels (undefined when not known). */
  hole?: { width: number; height: number };
  /** Ids of cached models; undefined while not known (then nothing is offered). */
  cached?: ReadonlySet<string>;
  /** The device check; undefined while not known (then only fill models, which run anywhere, are offered). */
  support?: DeviceSupport;
  /** Models whose offer the person dismissed. */
  dismissed: ReadonlySet<string>;
}

/** One offer: the model and its sentence. */
export interface ModelOffer {
  model: string;
  /** e.g. 'Sharper fills: download MI-GAN (28.1 MB), kept for offline use.' */
  text: string;
  /** The button's label, e.g. 'Download MI-GAN'. */
  action: string;
}

const LEAD: Readonly<Record<string, string>> = {
  migan: 'Sharper fills',
  lama: 'Better fills for large areas',
  'sd-turbo': 'Follow the prompt',
};

function offer(id: string): ModelOffer | undefined {
  const m = catalogModel(id);
  if (!m) return undefined;
  return { model: id, text: `${LEAD[id] ?? m.name}: download ${m.name} (${modelSize(m)}), kept for offline use.`, action: `Download ${m.name}` };
}

/** Whether a hole is large for MI-GAN's window (see `LARGE_HOLE_PX`). */
export function isLargeHole(hole: { width: number; height: number } | undefined): boolean {
  return !!hole && Math.max(hole.width, hole.height) > LARGE_HOLE_PX;
}

/**
 * The offer to show after a result, or undefined. Never a cached or dismissed
 * model, nor one the device check says cannot run here; nothing while the
 * cache is not known. A prompt-guided model is offered only once the device
 * check says it runs here (it is gigabytes).
 *
 * @example
 * pickOffer({ resultModel: 'builtin-fill', prompt: 'remove the cable', speed: 'DEFAULT', chosenModel: '', cached: new Set(), dismissed: new Set() })?.text;
 * // 'Sharper fills: download MI-GAN (28.1 MB), kept for offline use.'
 */
export function pickOffer(c: OfferContext): ModelOffer | undefined {
  const result = catalogModel(c.resultModel);
  if (!result || result.promptGuided || !c.cached) return undefined;
  const open = (id: string) => !c.cached!.has(id) && !c.dismissed.has(id);
  if (!isRemovalPrompt(c.prompt)) {
    const guided = PROMPT_MODELS.find((id) => open(id) && runsHere(c.support, id) === true);
    if (guided && !PROMPT_MODELS.some((id) => c.cached!.has(id))) return offer(guided);
  }
  // A model chosen by hand stays chosen: a download would change nothing until the person picks it.
  if (c.chosenModel) return undefined;
  const fillOpen = (id: string) => open(id) && runsHere(c.support, id) !== false;
  // LaMa for a large hole, where routing at this speed would put it before what ran.
  const order = FILL_PREFERENCE[c.speed];
  const lamaFirst = result.id === 'builtin-fill' || order.indexOf('lama') < order.indexOf(result.id);
  if (isLargeHole(c.hole) && lamaFirst && fillOpen('lama')) return offer('lama');
  if (result.id === 'builtin-fill' && fillOpen('migan')) return offer('migan');
  return undefined;
}

/**
 * The bounding box of a mask's hole (black = edit, the request's rule), or
 * undefined for a mask with none or one that cannot be decoded.
 *
 * @example
 * const hole = await maskHoleSize(await canvas.exportMask()); // { width: 120, height: 80 }
 */
export async function maskHoleSize(mask: Blob): Promise<{ width: number; height: number } | undefined> {
  try {
    const bitmap = await createImageBitmap(mask);
    const { width, height } = bitmap;
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const bounds = holeBounds(holeMapFromRgba(ctx.getImageData(0, 0, width, height).data, width, height), width, height);
    return bounds ? { width: bounds.width, height: bounds.height } : undefined;
  } catch {
    return undefined;
  }
}

const DISMISSED_KEY = 'local-inpaint:dismissed-offers';

/** Models whose offer was dismissed in this browser (localStorage; empty where storage is blocked). */
export function readDismissed(): Set<string> {
  try {
    const list = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Remembers a dismissed offer across reloads (best effort: blocked storage only forgets it). */
export function rememberDismissed(ids: ReadonlySet<string>): void {
  try {
    localStorage.setItem(DISMISSED_KEY, JSON.stringify([...ids]));
  } catch {
    // Private mode or blocked storage: the offer may come back after a reload.
  }
}
