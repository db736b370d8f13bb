/**
 * The request's style fields turned into what the sampler uses (pure,
 * Node-tested): the prompt actually used (reported as `images[].prompt`), the
 * negative prompt and the guidance scale.
 */
import type { ColorPalette, MagicPrompt, StyleType } from '../../../src/request/types';
import type { ColourStats } from './color-transfer';
import { assemblePrompt, enhancePrompt } from './magic-prompt';
import { paletteWords } from './palette';
import { STYLE_PRESETS, resolveStyleType, styleCodeWords } from './style';

export interface StyleFields {
  prompt: string;
  magicPrompt?: MagicPrompt;
  styleType?: StyleType;
  styleCodes?: string[];
  colorPalette?: ColorPalette;
}

export interface Conditioning {
  /** The prompt the text encoder sees. */
  prompt: string;
  /** The unconditional prompt under classifier-free guidance. */
  negative: string;
  guidance: number;
  style: Exclude<StyleType, 'AUTO'>;
}

/**
 * @param context colour statistics of the known pixels around the hole (for lighting words)
 * @example
 * conditioning({ prompt: 'a fox', styleType: 'REALISTIC', magicPrompt: 'ON' }, stats);
 */
export function conditioning(fields: StyleFields, context?: ColourStats): Conditioning {
  const style = resolveStyleType(fields.styleType, fields.prompt);
  const preset = STYLE_PRESETS[style];
  const enhanced = enhancePrompt(fields.prompt, fields.magicPrompt, style, context);
  // An explicit style type adds its preset words; AUTO leaves the (enhanced) prompt to speak for itself.
  const styleWords = fields.styleType && fields.styleType !== 'AUTO' ? preset.words : '';
  const prompt = assemblePrompt(enhanced, styleWords, styleCodeWords(fields.styleCodes), paletteWords(fields.colorPalette));
  return { prompt, negative: preset.negative, guidance: preset.guidance, style };
}
