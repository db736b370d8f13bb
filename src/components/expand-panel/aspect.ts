/**
 * The expand panel's aspect presets (pure, Node-tested): which sides to add so
 * that the image, kept whole and centred, fills a canvas of the given ratio.
 */
import { MAX_EXPAND_SIDE, type ExpandSides } from '../../request/types';

export const ASPECT_PRESETS = [
  { id: '1:1', label: '1:1', ratio: 1 },
  { id: '4:5', label: '4:5', ratio: 4 / 5 },
  { id: '3:2', label: '3:2', ratio: 3 / 2 },
  { id: '16:9', label: '16:9', ratio: 16 / 9 },
  { id: '9:16', label: '9:16', ratio: 9 / 16 },
  { id: 'original', label: 'Original', ratio: 0 },
] as const;
export type AspectPresetId = (typeof ASPECT_PRESETS)[number]['id'];

/** "Original" keeps the image's own ratio and grows each dimension by this fraction (half on each side). */
export const ORIGINAL_GROWTH = 0.25;

export const NO_SIDES: ExpandSides = { left: 0, right: 0, top: 0, bottom: 0 };

const split = (extra: number): [number, number] => {
  const a = Math.min(MAX_EXPAND_SIDE, Math.floor(extra / 2));
  return [a, Math.min(MAX_EXPAND_SIDE, extra - Math.floor(extra / 2))];
};

/**
 * Sides for a preset: the smallest canvas of that ratio holding the whole image,
 * the added pixels split evenly (the odd one to the right or bottom), each side
 * capped at 2048 (then the ratio is as near as the cap allows). An image already
 * at the ratio gets nothing added.
 *
 * @example
 * presetSides('9:16', 1600, 900); // { left: 0, right: 0, top: 972, bottom: 972 }
 * presetSides('1:1', 1600, 900); // { left: 0, right: 0, top: 350, bottom: 350 }
 */
export function presetSides(id: AspectPresetId, width: number, height: number): ExpandSides {
  if (id === 'original') {
    const [left, right] = split(Math.round(width * ORIGINAL_GROWTH));
    const [top, bottom] = split(Math.round(height * ORIGINAL_GROWTH));
    return { left, right, top, bottom };
  }
  const ratio = ASPECT_PRESETS.find((p) => p.id === id)!.ratio;
  if (width / height < ratio) {
    const [left, right] = split(Math.round(height * ratio) - width);
    return { left, right, top: 0, bottom: 0 };
  }
  const [top, bottom] = split(Math.round(width / ratio) - height);
  return { left: 0, right: 0, top, bottom };
}

/** Clamps a typed or dragged value to a valid side: an integer 0–2048. */
export function clampSide(value: number): number {
  return Number.isFinite(value) ? Math.min(MAX_EXPAND_SIDE, Math.max(0, Math.round(value))) : 0;
}
