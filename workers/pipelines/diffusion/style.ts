/**
 * Local meaning of `style_type` and `style_codes` (pure, Node-tested).
 *
 * - `style_type` picks a preset: words appended to the prompt, a negative
 *   prompt, and the CFG scale for models that use guidance (the 9-channel
 *   SD-1.5 model; SD-Turbo is distilled to run without guidance, so it uses
 *   the words only). AUTO resolves from the prompt (design words → DESIGN,
 *   photo words → REALISTIC, otherwise GENERAL).
 * - `style_codes`: each 8-hex code is read as an unsigned 32-bit number n and
 *   selects `STYLE_CODE_TABLE[n mod 16]`, so the same code always gives the
 *   same look; several codes add their words in order (duplicates dropped).
 */
import type { StyleType } from '../../../src/request/types';

export interface StylePreset {
  /** Appended to the prompt. */
  words: string;
  /** Used as the unconditional prompt under classifier-free guidance. */
  negative: string;
  /** CFG scale for guided models. */
  guidance: number;
}

const COMMON_NEGATIVE = 'blurry, lowres, jpeg artifacts, watermark, text, signature, deformed';

/** The preset of each resolved style type. */
export const STYLE_PRESETS: Readonly<Record<Exclude<StyleType, 'AUTO'>, StylePreset>> = {
  GENERAL: { words: 'detailed, coherent with the surrounding image', negative: COMMON_NEGATIVE, guidance: 7.5 },
  REALISTIC: {
    words: 'photorealistic, natural lighting, realistic textures, sharp focus',
    negative: `${COMMON_NEGATIVE}, cartoon, illustration, painting, cgi`,
    guidance: 6,
  },
  DESIGN: {
    words: 'clean graphic design, flat colors, crisp edges, balanced composition',
    negative: `${COMMON_NEGATIVE}, photo grain, noise, cluttered`,
    guidance: 8.5,
  },
};

const DESIGN_WORDS = /\b(logo|poster|icon|flyer|banner|typography|lettering|vector|flat|illustration|graphic|sticker|label|pattern)\b/i;
const PHOTO_WORDS = /\b(photo|photograph|realistic|portrait|product|studio|camera|dslr|skin|landscape|real)\b/i;

/**
 * The style a request runs with: the given one, or AUTO resolved from the prompt.
 *
 * @example
 * resolveStyleType('AUTO', 'a minimal logo of a fox'); // 'DESIGN'
 */
export function resolveStyleType(style: StyleType | undefined, prompt: string): Exclude<StyleType, 'AUTO'> {
  if (style && style !== 'AUTO') return style;
  if (DESIGN_WORDS.test(prompt)) return 'DESIGN';
  if (PHOTO_WORDS.test(prompt)) return 'REALISTIC';
  return 'GENERAL';
}

/** Sixteen looks a style code can select (index = code mod 16). */
export const STYLE_CODE_TABLE: readonly string[] = [
  'cinematic film still, teal and orange grade',
  'soft watercolor wash',
  'oil painting, visible brush strokes',
  'moody low-key lighting',
  'bright high-key lighting, airy',
  'vintage 1970s film, warm faded colors',
  'clean studio product shot, seamless background',
  'pastel palette, soft shadows',
  'dramatic chiaroscuro',
  'ink line art with flat color',
  'golden hour sunlight',
  'overcast diffuse daylight, muted colors',
  'neon-lit night scene',
  'matte painting, atmospheric depth',
  'minimal scandinavian interior style',
  'high-contrast black and white photograph',
];

/**
 * Preset index of one style code: the code as an unsigned 32-bit integer, mod 16.
 *
 * @example
 * styleCodeIndex('0000000a'); // 10 ('golden hour sunlight')
 */
export function styleCodeIndex(code: string): number {
  if (!/^[0-9a-f]{8}$/i.test(code)) throw new RangeError(`style code "${code}" is not 8 hex digits`);
  return parseInt(code, 16) % STYLE_CODE_TABLE.length;
}

/**
 * The words of several style codes, in order, each look once.
 *
 * @example
 * styleCodeWords(['0000000a', 'FFFFFFF1']); // ['golden hour sunlight', 'soft watercolor wash']
 */
export function styleCodeWords(codes: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const c of codes ?? []) {
    const words = STYLE_CODE_TABLE[styleCodeIndex(c)];
    if (!out.includes(words)) out.push(words);
  }
  return out;
}
