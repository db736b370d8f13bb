/**
 * The request rules that need no image bytes: types, enums, ranges, and the
 * combinations the contract forbids. Every problem is collected (never the
 * first only), named with the contract's snake_case and an index path, and
 * says what is valid.
 */
import type { InvalidParam } from '../shared/errors';
import {
  MAGIC_PROMPT_OPTIONS,
  MAX_CHARACTER_REFERENCES,
  MAX_NUM_IMAGES,
  MAX_PALETTE_MEMBERS,
  MAX_PROMPT_LENGTH,
  MAX_STYLE_REFERENCES,
  METADATA_MODES,
  OUTPUT_FORMATS,
  PALETTE_PRESETS,
  RENDERING_SPEEDS,
  SEED_MAX,
  STYLE_TYPES,
} from './types';
import { checkImageInput, describeType, isLocalHttp } from './image-input';

const STYLE_CODE_RE = /^[0-9a-fA-F]{8}$/;
const COLOR_HEX_RE = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
export const MIN_COLOR_WEIGHT = 0.05;
export const MAX_COLOR_WEIGHT = 1;

type Fields = Record<string, unknown>;

function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf(values: readonly string[]): string {
  return `one of ${values.join(', ')}`;
}

/** Collects every problem, in field order, so one response lists them all. */
class Problems {
  readonly list: InvalidParam[] = [];
  add(name: string, reason: string): void {
    this.list.push({ name, reason });
  }
}

function checkEnum(p: Problems, body: Fields, name: string, values: readonly string[]): void {
  const value = body[name];
  if (value === undefined) return;
  if (typeof value !== 'string' || !values.includes(value)) {
    const got = typeof value === 'string' ? `"${value}"` : describeType(value);
    p.add(name, `is ${got}; expected ${oneOf(values)}`);
  }
}

function checkInteger(p: Problems, body: Fields, name: string, min: number, max: number): void {
  const value = body[name];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : describeType(value);
    p.add(name, `is ${got}; expected an integer from ${min} to ${max}`);
  }
}

function checkPrompt(p: Problems, prompt: unknown): void {
  if (prompt === undefined) p.add('prompt', 'is required: a non-empty text describing the change');
  else if (typeof prompt !== 'string') p.add('prompt', `is ${describeType(prompt)}; expected a non-empty string`);
  else if (prompt.trim().length === 0) p.add('prompt', 'is empty or only whitespace; expected a non-empty string');
  else if (prompt.length > MAX_PROMPT_LENGTH) {
    p.add('prompt', `has ${prompt.length} characters; expected at most ${MAX_PROMPT_LENGTH}`);
  }
}

function checkImageField(p: Problems, name: string, value: unknown, required: boolean): void {
  if (value === undefined) {
    if (required) p.add(name, `is required: ${name === 'mask' ? 'a black-and-white mask the same size as the image (black = edit)' : 'the image to edit'}`);
    return;
  }
  const reason = checkImageInput(value);
  if (reason) p.add(name, reason);
}

function checkImageList(p: Problems, body: Fields, name: string, max: number): void {
  const value = body[name];
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    p.add(name, `is ${describeType(value)}; expected an array of at most ${max} image${max === 1 ? '' : 's'}`);
    return;
  }
  if (value.length > max) p.add(name, `has ${value.length} images; at most ${max} ${max === 1 ? 'is' : 'are'} allowed`);
  value.forEach((item, i) => checkImageField(p, `${name}[${i}]`, item, true));
}

function checkStyleCodes(p: Problems, body: Fields): void {
  const codes = body.style_codes;
  if (codes === undefined) return;
  if (!Array.isArray(codes)) {
    p.add('style_codes', `is ${describeType(codes)}; expected an array of 8-character hex strings such as "1a2b3c4d"`);
    return;
  }
  codes.forEach((code, i) => {
    if (typeof code !== 'string' || !STYLE_CODE_RE.test(code)) {
      const got = typeof code === 'string' ? `"${code}"` : describeType(code);
      p.add(`style_codes[${i}]`, `is ${got}; expected exactly 8 hexadecimal characters (0-9, a-f), such as "1a2b3c4d"`);
    }
  });
  // An empty list asks for nothing, so it conflicts with nothing.
  if (codes.length === 0) return;
  const clashes = ['style_type', 'style_reference_images'].filter((k) => body[k] !== undefined);
  if (clashes.length > 0) {
    p.add('style_codes', `cannot be combined with ${clashes.join(' or ')}; send style_codes alone, or drop it and use style_type/style_reference_images`);
  }
}

function checkPaletteMember(p: Problems, member: unknown, i: number): void {
  const path = `color_palette.members[${i}]`;
  if (!isPlainObject(member)) {
    p.add(path, `is ${describeType(member)}; expected an object { color_hex, color_weight? }`);
    return;
  }
  const hex = member.color_hex;
  if (typeof hex !== 'string' || !COLOR_HEX_RE.test(hex)) {
    const got = hex === undefined ? 'missing' : typeof hex === 'string' ? `"${hex}"` : describeType(hex);
    p.add(`${path}.color_hex`, `is ${got}; expected a hex colour "#RGB" or "#RRGGBB", such as "#FF8800"`);
  }
  const weight = member.color_weight;
  if (weight !== undefined && (typeof weight !== 'number' || !(weight >= MIN_COLOR_WEIGHT && weight <= MAX_COLOR_WEIGHT))) {
    const got = typeof weight === 'number' ? String(weight) : describeType(weight);
    p.add(`${path}.color_weight`, `is ${got}; expected a number from ${MIN_COLOR_WEIGHT} to ${MAX_COLOR_WEIGHT}`);
  }
}

function checkColorPalette(p: Problems, palette: unknown): void {
  if (palette === undefined) return;
  const expected = `{ name: ${oneOf(PALETTE_PRESETS)} } or { members: [{ color_hex, color_weight? }] } with 1 to ${MAX_PALETTE_MEMBERS} members`;
  if (!isPlainObject(palette)) {
    p.add('color_palette', `is ${describeType(palette)}; expected ${expected}`);
    return;
  }
  const hasName = palette.name !== undefined;
  const hasMembers = palette.members !== undefined;
  if (hasName === hasMembers) {
    p.add('color_palette', `${hasName ? 'has both name and members' : 'has neither name nor members'}; expected exactly one: ${expected}`);
  }
  if (hasName && (typeof palette.name !== 'string' || !(PALETTE_PRESETS as readonly string[]).includes(palette.name))) {
    const got = typeof palette.name === 'string' ? `"${palette.name}"` : describeType(palette.name);
    p.add('color_palette.name', `is ${got}; expected ${oneOf(PALETTE_PRESETS)}`);
  }
  if (!hasMembers) return;
  const members = palette.members;
  if (!Array.isArray(members)) {
    p.add('color_palette.members', `is ${describeType(members)}; expected an array of 1 to ${MAX_PALETTE_MEMBERS} { color_hex, color_weight? }`);
    return;
  }
  if (members.length < 1 || members.length > MAX_PALETTE_MEMBERS) {
    p.add('color_palette.members', `has ${members.length} members; expected 1 to ${MAX_PALETTE_MEMBERS}`);
  }
  members.forEach((m, i) => checkPaletteMember(p, m, i));
}

function checkWebhookUrl(p: Problems, value: unknown): void {
  if (value === undefined) return;
  const expected = 'an absolute https URL (http only for localhost, 127.0.0.1 or [::1])';
  if (typeof value !== 'string') {
    p.add('webhook_url', `is ${describeType(value)}; expected ${expected}`);
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    p.add('webhook_url', `"${value}" is not a valid URL; expected ${expected}`);
    return;
  }
  if (url.protocol !== 'https:' && !isLocalHttp(url)) {
    p.add('webhook_url', `uses ${url.protocol}//${url.hostname}; expected ${expected}`);
  }
}

/**
 * Checks everything in a request body that needs no image bytes, and returns every
 * problem found (an empty list means the shape is valid). Unknown fields are ignored,
 * as the hosted API ignores them; known fields with a wrong type are not.
 * @example
 * validateRequestShape({ image: 'https://x/a.png', mask: 'https://x/m.png', prompt: '', seed: -1 });
 * // [{ name: 'prompt', reason: 'is empty…' }, { name: 'seed', reason: 'is -1; expected an integer from 0 to 2147483647' }]
 */
export function validateRequestShape(body: unknown): InvalidParam[] {
  const p = new Problems();
  if (!isPlainObject(body)) {
    p.add('body', `is ${describeType(body)}; expected a JSON object with at least image, mask and prompt`);
    return p.list;
  }
  checkImageField(p, 'image', body.image, true);
  checkImageField(p, 'mask', body.mask, true);
  checkPrompt(p, body.prompt);
  p.list.push(...validateOptionsShape(body));
  return p.list;
}

/**
 * The optional fields an inpaint and an expand request share (`rendering_speed` …
 * `model`): every problem, in field order. Unknown fields are ignored.
 */
export function validateOptionsShape(body: Record<string, unknown>): InvalidParam[] {
  const p = new Problems();
  checkEnum(p, body, 'rendering_speed', RENDERING_SPEEDS);
  checkEnum(p, body, 'magic_prompt', MAGIC_PROMPT_OPTIONS);
  checkEnum(p, body, 'style_type', STYLE_TYPES);
  checkStyleCodes(p, body);
  checkImageList(p, body, 'style_reference_images', MAX_STYLE_REFERENCES);
  checkImageList(p, body, 'character_reference_images', MAX_CHARACTER_REFERENCES);
  checkColorPalette(p, body.color_palette);
  checkInteger(p, body, 'seed', 0, SEED_MAX);
  checkWebhookUrl(p, body.webhook_url);
  checkInteger(p, body, 'num_images', 1, MAX_NUM_IMAGES);
  checkEnum(p, body, 'output_format', OUTPUT_FORMATS);
  checkEnum(p, body, 'metadata', METADATA_MODES);
  if (body.background !== undefined && (typeof body.background !== 'string' || !COLOR_HEX_RE.test(body.background))) {
    const got = typeof body.background === 'string' ? `"${body.background}"` : describeType(body.background);
    p.add('background', `is ${got}; expected a hex colour "#RGB" or "#RRGGBB" (the colour under transparent pixels of a JPEG result), such as "#FFFFFF"`);
  }
  if (body.model !== undefined && (typeof body.model !== 'string' || body.model.trim() === '')) {
    p.add('model', `is ${typeof body.model === 'string' ? 'an empty string' : describeType(body.model)}; expected a model id from the registry, or leave it out for automatic routing`);
  }
  return p.list;
}
