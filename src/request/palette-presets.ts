import type { PalettePreset } from './types';

/**
 * Our local definition of the contract's `color_palette` preset names: the
 * hosted API does not publish its colours. Five colours each, heaviest first
 * (the diffusion pipeline weights them 1, 0.8, 0.6, 0.4, 0.2), and the same
 * colours the editor shows as swatches, so what a person picks is what runs.
 */
export const PALETTE_PRESET_COLOURS: Readonly<Record<PalettePreset, readonly string[]>> = {
  EMBER: ['#7f1d1d', '#c2410c', '#f59e0b', '#292524', '#fde68a'],
  FRESH: ['#10b981', '#a7f3d0', '#f0fdf4', '#0ea5e9', '#facc15'],
  JUNGLE: ['#14532d', '#15803d', '#65a30d', '#78350f', '#fef08a'],
  MAGIC: ['#4c1d95', '#7c3aed', '#db2777', '#1e1b4b', '#f0abfc'],
  MELON: ['#fb7185', '#fda4af', '#86efac', '#fef3c7', '#166534'],
  MOSAIC: ['#1d4ed8', '#f59e0b', '#dc2626', '#059669', '#f5f5f4'],
  PASTEL: ['#fbcfe8', '#bfdbfe', '#bbf7d0', '#fef9c3', '#e9d5ff'],
  ULTRAMARINE: ['#1e3a8a', '#1d4ed8', '#60a5fa', '#dbeafe', '#0f172a'],
};
