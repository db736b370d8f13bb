/**
 * Local meaning of `color_palette` (pure, Node-tested), in two parts:
 * 1. palette words in the prompt: each member's nearest named colour
 *    (`NAMED_COLOURS`, RGB distance), heaviest first, duplicates dropped;
 * 2. a palette-aware adjustment of the generated pixels: each pixel moves
 *    toward its nearest palette colour by `PALETTE_PULL · weight`
 *    (`out = p + 0.35·w·(c − p)`), so `color_weight` 1 pulls 35 % of the way
 *    and a weight near 0 leaves the model's colours.
 *
 * The hosted API does not publish its preset colours; `PALETTE_PRESET_COLOURS`
 * is our local definition of each name.
 */
import type { ColorPalette } from '../../../src/request/types';
import { PALETTE_PRESET_COLOURS } from '../../../src/request/palette-presets';

export { PALETTE_PRESET_COLOURS };

export type Rgb = readonly [number, number, number];
export interface PaletteColour {
  rgb: Rgb;
  /** 0..1; members without `color_weight` get 1, presets descending weights. */
  weight: number;
}

/** How far (at weight 1) a generated pixel moves toward its palette colour. */
export const PALETTE_PULL = 0.35;


/** Names the prompt may use for a colour. */
export const NAMED_COLOURS: readonly { name: string; rgb: Rgb }[] = [
  { name: 'black', rgb: [0, 0, 0] },
  { name: 'charcoal', rgb: [54, 54, 54] },
  { name: 'grey', rgb: [128, 128, 128] },
  { name: 'white', rgb: [255, 255, 255] },
  { name: 'cream', rgb: [250, 240, 200] },
  { name: 'red', rgb: [220, 30, 30] },
  { name: 'crimson', rgb: [128, 20, 30] },
  { name: 'pink', rgb: [250, 170, 190] },
  { name: 'magenta', rgb: [220, 40, 150] },
  { name: 'orange', rgb: [240, 120, 20] },
  { name: 'amber', rgb: [245, 170, 20] },
  { name: 'yellow', rgb: [250, 230, 60] },
  { name: 'brown', rgb: [120, 60, 20] },
  { name: 'olive', rgb: [110, 130, 20] },
  { name: 'green', rgb: [30, 160, 60] },
  { name: 'forest green', rgb: [20, 80, 40] },
  { name: 'mint', rgb: [170, 240, 200] },
  { name: 'teal', rgb: [20, 150, 140] },
  { name: 'sky blue', rgb: [100, 180, 240] },
  { name: 'blue', rgb: [30, 80, 220] },
  { name: 'navy', rgb: [20, 30, 90] },
  { name: 'purple', rgb: [120, 50, 200] },
  { name: 'violet', rgb: [80, 30, 140] },
  { name: 'lavender', rgb: [225, 210, 250] },
];

/** `#rrggbb` → [r, g, b]. */
export function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const dist2 = (a: Rgb, b: Rgb) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;

/**
 * The palette's colours and weights, from a preset name or custom members.
 *
 * @example
 * paletteColours({ members: [{ color_hex: '#ff0000', color_weight: 0.5 }] }); // [{ rgb: [255,0,0], weight: 0.5 }]
 */
export function paletteColours(palette: ColorPalette | undefined): PaletteColour[] {
  if (!palette) return [];
  if ('name' in palette) {
    return PALETTE_PRESET_COLOURS[palette.name].map((hex, i) => ({ rgb: hexToRgb(hex), weight: 1 - 0.2 * i }));
  }
  return palette.members.map((m) => ({ rgb: hexToRgb(m.color_hex), weight: m.color_weight ?? 1 }));
}

/** The nearest named colour. */
export function colourName(rgb: Rgb): string {
  let best = NAMED_COLOURS[0];
  for (const c of NAMED_COLOURS) if (dist2(c.rgb, rgb) < dist2(best.rgb, rgb)) best = c;
  return best.name;
}

/**
 * Prompt words for a palette: "color palette of navy, blue and sky blue".
 *
 * @example
 * paletteWords({ name: 'ULTRAMARINE' }); // 'color palette of navy, blue, sky blue and lavender'
 */
export function paletteWords(palette: ColorPalette | undefined): string {
  const colours = paletteColours(palette).sort((a, b) => b.weight - a.weight);
  const names: string[] = [];
  for (const c of colours) {
    const n = colourName(c.rgb);
    if (!names.includes(n)) names.push(n);
  }
  if (names.length === 0) return '';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `color palette of ${list}`;
}

/**
 * Moves every masked pixel toward its nearest palette colour by `0.35·weight`,
 * in place. `mask[i]` = 1 marks a generated pixel; others are untouched.
 *
 * @example
 * applyPalette(rgba, mask, paletteColours(job.colorPalette));
 */
export function applyPalette(rgba: Uint8ClampedArray, mask: Uint8Array, colours: readonly PaletteColour[]): void {
  if (colours.length === 0) return;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const p = i * 4;
    const px: Rgb = [rgba[p], rgba[p + 1], rgba[p + 2]];
    let best = colours[0];
    for (const c of colours) if (dist2(c.rgb, px) < dist2(best.rgb, px)) best = c;
    const k = PALETTE_PULL * Math.min(1, Math.max(0, best.weight));
    for (let c = 0; c < 3; c++) rgba[p + c] = Math.round(px[c] + k * (best.rgb[c] - px[c]));
  }
}
