/**
 * One test per request rule that needs no bytes. Each goes through the public
 * `validateRequest`, asserting the code, the exact `invalid_params` names and
 * that the reason states what is valid.
 */
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { encodePng, toBase64 } from './test-images';
import { validateRequest, validateRequestShape } from './validate';

const PNG_4X4 = toBase64(encodePng(4, 4));
const base = (): Record<string, unknown> => ({ image: PNG_4X4, mask: `data:image/png;base64,${PNG_4X4}`, prompt: 'a red door' });

async function rejection(body: unknown): Promise<InpaintError> {
  try {
    await validateRequest(body);
  } catch (err) {
    if (err instanceof InpaintError) return err;
    throw err;
  }
  throw new Error('validateRequest accepted the body');
}

/** Asserts an invalid_request naming exactly `names`, whose first reason matches `reason`. */
async function expectInvalid(body: unknown, names: string[], reason: RegExp): Promise<void> {
  const err = await rejection(body);
  expect(err.code).toBe('invalid_request');
  expect(err.invalid_params?.map((p) => p.name)).toEqual(names);
  expect(err.invalid_params?.[0].reason).toMatch(reason);
}

describe('request shape rules', () => {
  it('body: must be an object', async () => {
    for (const body of [null, 'x', [], 42]) await expectInvalid(body, ['body'], /expected a JSON object with at least image, mask and prompt/);
  });

  it('image: is required', async () => {
    const { image: _omit, ...body } = base();
    await expectInvalid(body, ['image'], /is required/);
  });

  it('mask: is required', async () => {
    const { mask: _omit, ...body } = base();
    await expectInvalid(body, ['mask'], /is required.*same size as the image/);
  });

  it('prompt: is required', async () => {
    const { prompt: _omit, ...body } = base();
    await expectInvalid(body, ['prompt'], /is required/);
  });

  it('prompt: must not be empty or whitespace', async () => {
    await expectInvalid({ ...base(), prompt: '  \n ' }, ['prompt'], /expected a non-empty string/);
  });

  it('prompt: must be a string', async () => {
    await expectInvalid({ ...base(), prompt: 7 }, ['prompt'], /is a number; expected a non-empty string/);
  });

  it('prompt: at most 10,000 characters', async () => {
    await expectInvalid({ ...base(), prompt: 'x'.repeat(10_001) }, ['prompt'], /has 10001 characters; expected at most 10000/);
    expect(validateRequestShape({ ...base(), prompt: 'x'.repeat(10_000) })).toEqual([]);
  });

  it('rendering_speed: TURBO, DEFAULT or QUALITY', async () => {
    await expectInvalid({ ...base(), rendering_speed: 'FAST' }, ['rendering_speed'], /"FAST"; expected one of TURBO, DEFAULT, QUALITY/);
    await expectInvalid({ ...base(), rendering_speed: 1 }, ['rendering_speed'], /is a number; expected one of TURBO/);
  });

  it('magic_prompt: AUTO, ON or OFF', async () => {
    await expectInvalid({ ...base(), magic_prompt: 'on' }, ['magic_prompt'], /expected one of AUTO, ON, OFF/);
  });

  it('style_type: AUTO, GENERAL, REALISTIC or DESIGN', async () => {
    await expectInvalid({ ...base(), style_type: 'ANIME' }, ['style_type'], /expected one of AUTO, GENERAL, REALISTIC, DESIGN/);
  });

  it('seed: an integer from 0 to 2147483647', async () => {
    for (const seed of [-1, 2147483648, 1.5, '42', Number.NaN]) {
      await expectInvalid({ ...base(), seed }, ['seed'], /expected an integer from 0 to 2147483647/);
    }
    expect(validateRequestShape({ ...base(), seed: 0 })).toEqual([]);
    expect(validateRequestShape({ ...base(), seed: 2147483647 })).toEqual([]);
  });

  it('style_codes: an array', async () => {
    await expectInvalid({ ...base(), style_codes: 'deadbeef' }, ['style_codes'], /expected an array of 8-character hex strings/);
  });

  it('style_codes[i]: exactly 8 hex characters', async () => {
    await expectInvalid({ ...base(), style_codes: ['DEADbeef', 'xyz12345', '1234567', 12345678] }, ['style_codes[1]', 'style_codes[2]', 'style_codes[3]'], /expected exactly 8 hexadecimal characters/);
  });

  it('style_codes: not combined with style_type', async () => {
    await expectInvalid({ ...base(), style_codes: ['deadbeef'], style_type: 'GENERAL' }, ['style_codes'], /cannot be combined with style_type/);
  });

  it('style_codes: not combined with style_reference_images', async () => {
    await expectInvalid({ ...base(), style_codes: ['deadbeef'], style_reference_images: [PNG_4X4] }, ['style_codes'], /cannot be combined with style_reference_images/);
  });

  it('color_palette: an object', async () => {
    await expectInvalid({ ...base(), color_palette: 'EMBER' }, ['color_palette'], /expected \{ name: one of EMBER/);
  });

  it('color_palette: name and members are exclusive', async () => {
    await expectInvalid({ ...base(), color_palette: { name: 'EMBER', members: [{ color_hex: '#fff' }] } }, ['color_palette'], /has both name and members; expected exactly one/);
    await expectInvalid({ ...base(), color_palette: {} }, ['color_palette'], /has neither name nor members/);
  });

  it('color_palette.name: one of the eight presets', async () => {
    await expectInvalid({ ...base(), color_palette: { name: 'NEON' } }, ['color_palette.name'], /one of EMBER, FRESH, JUNGLE, MAGIC, MELON, MOSAIC, PASTEL, ULTRAMARINE/);
  });

  it('color_palette.members: 1 to 8 entries', async () => {
    await expectInvalid({ ...base(), color_palette: { members: [] } }, ['color_palette.members'], /has 0 members; expected 1 to 8/);
    const nine = Array.from({ length: 9 }, () => ({ color_hex: '#abc' }));
    await expectInvalid({ ...base(), color_palette: { members: nine } }, ['color_palette.members'], /has 9 members; expected 1 to 8/);
  });

  it('color_palette.members[i].color_hex: #RGB or #RRGGBB', async () => {
    const members = [{ color_hex: '#abc' }, { color_hex: '#A0B1C2' }, { color_hex: '#12345' }, { color_hex: 'red' }, {}];
    await expectInvalid(
      { ...base(), color_palette: { members } },
      ['color_palette.members[2].color_hex', 'color_palette.members[3].color_hex', 'color_palette.members[4].color_hex'],
      /"#12345"; expected a hex colour "#RGB" or "#RRGGBB"/,
    );
  });

  it('color_palette.members[i].color_weight: 0.05 to 1.0', async () => {
    const members = [{ color_hex: '#abc', color_weight: 0.05 }, { color_hex: '#abc', color_weight: 1 }, { color_hex: '#abc', color_weight: 0.01 }, { color_hex: '#abc', color_weight: '0.5' }];
    await expectInvalid({ ...base(), color_palette: { members } }, ['color_palette.members[2].color_weight', 'color_palette.members[3].color_weight'], /is 0.01; expected a number from 0.05 to 1/);
  });

  it('character_reference_images: at most one', async () => {
    await expectInvalid({ ...base(), character_reference_images: [PNG_4X4, PNG_4X4] }, ['character_reference_images'], /has 2 images; at most 1 is allowed/);
  });

  it('style_reference_images: an array of at most 4', async () => {
    await expectInvalid({ ...base(), style_reference_images: PNG_4X4 }, ['style_reference_images'], /expected an array of at most 4 images/);
    await expectInvalid({ ...base(), style_reference_images: Array(5).fill(PNG_4X4) }, ['style_reference_images'], /has 5 images; at most 4 are allowed/);
  });

  it('style_reference_images[i]: each an image input', async () => {
    await expectInvalid({ ...base(), style_reference_images: [PNG_4X4, 12] }, ['style_reference_images[1]'], /is a number; expected an https URL .*Blob\/File, an ImageBitmap or an ImageData/);
  });

  it('image: a plain http URL is refused unless it is localhost', async () => {
    await expectInvalid({ ...base(), image: 'http://example.com/a.png' }, ['image'], /use https \(http is allowed only for localhost, 127.0.0.1 and \[::1\]\)/);
    for (const url of ['http://localhost:5173/a.png', 'http://127.0.0.1/a.png', 'http://[::1]:8080/a.png', 'https://example.com/a.png']) {
      expect(validateRequestShape({ ...base(), image: url })).toEqual([]);
    }
  });

  it('image: other URL schemes are refused', async () => {
    await expectInvalid({ ...base(), image: 'ftp://example.com/a.png' }, ['image'], /unsupported scheme "ftp:"; expected an https URL/);
  });

  it('mask: a string must be valid base64 when it is not a URL', async () => {
    await expectInvalid({ ...base(), mask: 'not base64!' }, ['mask'], /neither a URL nor base64.*A-Z a-z 0-9 \+ \//);
  });

  it('image: a data: URL must be data:image/...;base64', async () => {
    await expectInvalid({ ...base(), image: 'data:text/plain;base64,aGVsbG8=' }, ['image'], /not data:image\/\.\.\.;base64/);
    await expectInvalid({ ...base(), image: 'data:image/png,rawtext' }, ['image'], /not data:image\/\.\.\.;base64/);
  });

  it('image: objects that are not Blob, ImageBitmap or ImageData are refused', async () => {
    await expectInvalid({ ...base(), image: { url: 'https://x/a.png' } }, ['image'], /is an object \(Object\); expected an https URL/);
  });

  it('webhook_url: https, or http on localhost', async () => {
    await expectInvalid({ ...base(), webhook_url: 'http://example.com/hook' }, ['webhook_url'], /expected an absolute https URL \(http only for localhost/);
    await expectInvalid({ ...base(), webhook_url: 'not a url' }, ['webhook_url'], /is not a valid URL; expected an absolute https URL/);
    await expectInvalid({ ...base(), webhook_url: 5 }, ['webhook_url'], /is a number; expected an absolute https URL/);
    expect(validateRequestShape({ ...base(), webhook_url: 'http://localhost:8787/hook' })).toEqual([]);
  });

  it('num_images: an integer from 1 to 8', async () => {
    for (const num_images of [0, 9, 2.5, '2']) await expectInvalid({ ...base(), num_images }, ['num_images'], /expected an integer from 1 to 8/);
  });

  it('output_format: png, jpeg or webp', async () => {
    await expectInvalid({ ...base(), output_format: 'gif' }, ['output_format'], /expected one of png, jpeg, webp/);
  });

  it('metadata: keep, strip or strip-location; background: a #RGB or #RRGGBB colour', async () => {
    await expectInvalid({ ...base(), metadata: 'none' }, ['metadata'], /is "none"; expected one of keep, strip, strip-location/);
    for (const background of ['white', '#12345', 255]) await expectInvalid({ ...base(), background }, ['background'], /expected a hex colour "#RGB" or "#RRGGBB"/);
    expect(validateRequestShape({ ...base(), metadata: 'strip-location', background: '#0a0' })).toEqual([]);
  });

  it('model: a non-empty string', async () => {
    await expectInvalid({ ...base(), model: ' ' }, ['model'], /is an empty string; expected a model id/);
    await expectInvalid({ ...base(), model: 3 }, ['model'], /is a number; expected a model id/);
  });

  it('unknown fields are ignored, as the hosted API ignores them', () => {
    expect(validateRequestShape({ ...base(), aspect_ratio: '16x9', extra: { nested: true } })).toEqual([]);
  });

  it('collects every shape problem at once, in field order', async () => {
    const err = await rejection({ image: 'http://example.com/a.png', prompt: '', seed: -3, rendering_speed: 'x', color_palette: { members: [{ color_hex: 'nope' }] }, num_images: 0 });
    expect(err.code).toBe('invalid_request');
    expect(err.invalid_params?.map((p) => p.name)).toEqual([
      'image',
      'mask',
      'prompt',
      'rendering_speed',
      'color_palette.members[0].color_hex',
      'seed',
      'num_images',
    ]);
    expect(err.message).toMatch(/^Invalid request: image: .*; mask: /);
  });
});
