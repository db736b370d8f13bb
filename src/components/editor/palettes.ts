import type { PalettePreset } from '../../request/types';

/**
 * Swatch colours for the palette presets. Display only: the request sends the
 * preset's name, and the hosted docs do not publish its colours, so these are
 * our reading of each name.
 */
export const PRESET_SWATCHES: Record<PalettePreset, readonly string[]> = {
  EMBER: ['#3b0a0a', '#8c1c13', '#d9480f', '#f59f00', '#ffe066'],
  FRESH: ['#e6fcf5', '#96f2d7', '#38d9a9', '#1098ad', '#f8f9fa'],
  JUNGLE: ['#0b3d20', '#1b5e20', '#2f9e44', '#94d82d', '#5c3d2e'],
  MAGIC: ['#2b0a3d', '#5f3dc4', '#9c36b5', '#f783ac', '#ffd8a8'],
  MELON: ['#ff8787', '#ffa8a8', '#b2f2bb', '#69db7c', '#fff3bf'],
  MOSAIC: ['#1864ab', '#e67700', '#c92a2a', '#2b8a3e', '#f1f3f5'],
  PASTEL: ['#ffd6e0', '#d0ebff', '#d3f9d8', '#fff3bf', '#e5dbff'],
  ULTRAMARINE: ['#0b1a5b', '#1c3faa', '#3b5bdb', '#74c0fc', '#e7f5ff'],
};
