/**
 * `magic_prompt` locally: a deterministic prompt enhancer with no network
 * (pure, Node-tested), and the assembly of the final prompt.
 *
 * AUTO enhances prompts of fewer than `SHORT_PROMPT_WORDS` words; ON always;
 * OFF never. Enhancement appends, in this order and only what is not already
 * said: a subject phrase (by keyword class of the prompt), lighting words read
 * from the image around the hole (brightness, warmth), and material/detail
 * words of the resolved style type. The same inputs always give the same text,
 * which is returned as `images[].prompt`.
 */
import type { MagicPrompt, StyleType } from '../../../src/request/types';
import type { ColourStats } from './color-transfer';

/** AUTO enhances prompts with fewer words than this. */
export const SHORT_PROMPT_WORDS = 8;

/** Subject classes: the first whose pattern matches the prompt adds its phrase. */
const SUBJECTS: readonly { test: RegExp; phrase: string }[] = [
  { test: /\b(man|woman|person|people|child|boy|girl|face|portrait)\b/i, phrase: 'natural pose, lifelike skin detail' },
  { test: /\b(cat|dog|bird|horse|animal|fox|rabbit)\b/i, phrase: 'detailed fur and eyes, natural stance' },
  { test: /\b(tree|flower|plant|grass|forest|bush|garden)\b/i, phrase: 'organic detail, natural foliage' },
  { test: /\b(sky|cloud|sunset|mountain|sea|lake|beach|field)\b/i, phrase: 'expansive scenery, atmospheric perspective' },
  { test: /\b(car|bottle|chair|table|lamp|shoe|bag|cup|product|watch|phone)\b/i, phrase: 'well-defined object, accurate proportions' },
  { test: /\b(wall|floor|background|building|room|street)\b/i, phrase: 'consistent perspective, seamless continuation' },
];

const MATERIALS: Readonly<Record<Exclude<StyleType, 'AUTO'>, string>> = {
  GENERAL: 'high detail',
  REALISTIC: 'realistic materials, fine texture',
  DESIGN: 'smooth shapes, clean edges',
};

/**
 * Lighting words from the colour statistics around the hole.
 *
 * @example
 * lightingWords({ mean: [200, 180, 140], std: [20, 20, 20], count: 100 }); // 'bright warm light'
 */
export function lightingWords(context: ColourStats | undefined): string {
  if (!context || context.count === 0) return '';
  const [r, g, b] = context.mean;
  const luma = 0.299 * r + 0.587 * g + 0.114 * b;
  const level = luma < 70 ? 'dim low-key' : luma > 170 ? 'bright' : 'soft';
  const warmth = r - b;
  const tone = warmth > 25 ? ' warm' : warmth < -25 ? ' cool' : '';
  return `${level}${tone} light`;
}

/** Whether the enhancer runs for this prompt and setting. */
export function shouldEnhance(prompt: string, magic: MagicPrompt | undefined): boolean {
  if (magic === 'OFF') return false;
  if (magic === 'ON') return true;
  return prompt.trim().split(/\s+/).filter(Boolean).length < SHORT_PROMPT_WORDS;
}

/**
 * The enhanced prompt (or the prompt itself when the setting says not to).
 *
 * @example
 * enhancePrompt('a red bicycle', 'AUTO', 'REALISTIC', context);
 * // 'a red bicycle, bright warm light, realistic materials, fine texture'
 */
export function enhancePrompt(
  prompt: string,
  magic: MagicPrompt | undefined,
  style: Exclude<StyleType, 'AUTO'>,
  context?: ColourStats,
): string {
  const base = prompt.trim();
  if (!shouldEnhance(base, magic)) return base;
  const parts = [base];
  const subject = SUBJECTS.find((s) => s.test.test(base));
  if (subject) parts.push(subject.phrase);
  const light = lightingWords(context);
  if (light && !/\blight(ing)?\b/i.test(base)) parts.push(light);
  parts.push(MATERIALS[style]);
  return parts.filter(Boolean).join(', ');
}

/**
 * The prompt the model sees: enhanced prompt, then style preset words, style
 * code words and palette words, each once, comma-separated.
 *
 * @example
 * assemblePrompt('a fox', ['photorealistic'], ['golden hour sunlight'], 'color palette of amber');
 */
export function assemblePrompt(enhanced: string, ...extras: (string | readonly string[])[]): string {
  const parts = [enhanced];
  for (const e of extras.flat()) if (e && !parts.some((p) => p.includes(e))) parts.push(e);
  return parts.filter(Boolean).join(', ');
}
