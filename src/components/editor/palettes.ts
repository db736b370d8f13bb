import type { PalettePreset } from '../../request/types';
import { PALETTE_PRESET_COLOURS } from '../../request/palette-presets';

/** Swatch colours of the palette presets: the same colours the pipeline uses. */
export const PRESET_SWATCHES: Readonly<Record<PalettePreset, readonly string[]>> = PALETTE_PRESET_COLOURS;
