/**
 * The rules that need bytes (type sniffing, size, header, pixel cap, mask size),
 * defaults, seeds and URLs, through the public `validateRequest`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { CHROMIUM_JPEG_5X3, CHROMIUM_WEBP_LOSSY_5X3, encodePng, jpegWithOrientation, pngHeaderOnly, toBase64 } from './test-images';
import { MAX_IMAGE_BYTES, MAX_PIXELS } from './types';
import { validateRequest, type ValidateRequestOptions } from './validate';

const png = (w: number, h: number): Blob => new Blob([encodePng(w, h) as BlobPart], { type: 'image/png' });
const base = (): Record<string, unknown> => ({ image: png(5, 3), mask: png(5, 3), prompt: 'a red door' });

async function rejection(body: unknown, options?: ValidateRequestOptions): Promise<InpaintError> {
  try {
    await validateRequest(body, options);
  } catch (err) {
    if (err instanceof InpaintError) return err;
    throw err;
  }
  throw new Error('validateRequest accepted the body');
}

async function expectInvalid(body: unknown, names: string[], reason: RegExp, options?: ValidateRequestOptions): Promise<InpaintError> {
  const err = await rejection(body, options);
  expect(err.code).toBe('invalid_request');
  expect(err.invalid_params?.map((p) => p.name)).toEqual(names);
  expect(err.invalid_params?.[0].reason).toMatch(reason);
  return err;
}

/** A fetch that serves fixed bytes per URL and records what it was asked. */
function fakeFetch(routes: Record<string, Uint8Array | number | Error>): { fetch: typeof fetch; calls: Array<{ url: string; init?: RequestInit }> } {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    calls.push({ url, init });
    const route = routes[url];
    if (route instanceof Error) throw route;
    if (typeof route === 'number') return new Response('nope', { status: route, statusText: 'Not Found' });
    if (!route) throw new TypeError('Failed to fetch');
    return new Response(route as BodyInit, { headers: { 'content-type': 'application/octet-stream' } });
  };
  return { fetch: impl as typeof fetch, calls };
}

describe('image bytes rules', () => {
  it('image: must be PNG, JPEG or WebP, sniffed from the bytes (random bytes refused)', async () => {
    const noise = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 255);
    await expectInvalid({ ...base(), image: new Blob([noise], { type: 'image/png' }) }, ['image'], /is not a PNG, JPEG or WebP image \(its first bytes are 0b 30 55/);
  });

  it('mask: a GIF is named as such and refused', async () => {
    const gif = new TextEncoder().encode('GIF89a\x05\x00\x03\x00');
    await expectInvalid({ ...base(), mask: new Blob([gif]) }, ['mask'], /not a PNG, JPEG or WebP image \(its bytes are GIF\)/);
  });

  it('a PNG named .jpg with a JPEG MIME type is treated as the PNG it is', async () => {
    const file = new File([encodePng(5, 3) as BlobPart], 'photo.jpg', { type: 'image/jpeg' });
    const req = await validateRequest({ ...base(), image: file });
    expect(req.image.mime).toBe('image/png');
    expect(req.image.blob.type).toBe('image/png');
    expect([req.image.width, req.image.height]).toEqual([5, 3]);
  });

  it('image: at most 10 MB (Blob input)', async () => {
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(encodePng(5, 3));
    await expectInvalid({ ...base(), image: new Blob([big]) }, ['image'], /is 10 MB \(10485761 bytes\); the maximum is 10 MB \(10485760 bytes\)/);
  });

  it('mask: at most 10 MB (base64 input, measured from the string length before decoding)', async () => {
    const huge = 'A'.repeat(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 8);
    await expectInvalid({ ...base(), mask: huge }, ['mask'], /the maximum is 10 MB/);
  });

  it('image: an unreadable header is refused (truncated PNG)', async () => {
    await expectInvalid({ ...base(), image: new Blob([encodePng(5, 3).subarray(0, 20) as BlobPart]) }, ['image'], /is not a readable PNG image: its PNG header could not be read/);
  });

  it('image: above the 64-megapixel cap, read from a header with no pixel data', async () => {
    const bomb = new Blob([pngHeaderOnly(10000, 10000) as BlobPart]);
    const err = await expectInvalid({ ...base(), image: bomb, mask: bomb }, ['image', 'mask'], /is 10000x10000 = 100,000,000 pixels; the maximum is 67,108,864 pixels \(64 megapixels\)/);
    expect(MAX_PIXELS).toBe(67_108_864);
    expect(err.invalid_params).toHaveLength(2);
  });

  it('the pixel cap can be lowered with options.maxPixels', async () => {
    await expectInvalid(base(), ['image', 'mask'], /is 5x3 = 15 pixels; the maximum is 14 pixels/, { maxPixels: 14 });
  });

  it('mask: must be the same size as the image', async () => {
    await expectInvalid({ ...base(), mask: png(4, 3) }, ['mask'], /is 4x3 but the image is 5x3 .*the mask must be the same size as the image/);
  });

  it('EXIF orientation 6 swaps the JPEG display size, and the mask must match the displayed size', async () => {
    const rotated = new Blob([jpegWithOrientation(CHROMIUM_JPEG_5X3, 6) as BlobPart]);
    const req = await validateRequest({ ...base(), image: rotated, mask: png(3, 5) });
    expect(req.image).toMatchObject({ mime: 'image/jpeg', width: 3, height: 5, orientation: 6 });
    await expectInvalid({ ...base(), image: rotated, mask: png(5, 3) }, ['mask'], /is 5x3 but the image is 3x5/);
  });

  it('style and character references are resolved and checked too, named by index', async () => {
    const req = await validateRequest({
      ...base(),
      style_reference_images: [new Blob([CHROMIUM_WEBP_LOSSY_5X3 as BlobPart]), toBase64(encodePng(2, 2))],
      character_reference_images: [`data:image/jpeg;base64,${toBase64(CHROMIUM_JPEG_5X3)}`],
    });
    expect(req.style_reference_images.map((r) => [r.mime, r.width, r.height])).toEqual([['image/webp', 5, 3], ['image/png', 2, 2]]);
    expect(req.character_reference_images.map((r) => [r.mime, r.width, r.height])).toEqual([['image/jpeg', 5, 3]]);
    await expectInvalid({ ...base(), style_reference_images: [png(2, 2), new Blob(['hello'])] }, ['style_reference_images[1]'], /not a PNG, JPEG or WebP/);
  });

  it('a real corpus photo and its mask pass (fruits.jpg 512x480 with fruits_blob.png)', async () => {
    const image = new Blob([readFileSync('/work/shared/corpus/dev/fruits.jpg')]);
    const mask = new Blob([readFileSync('/work/shared/corpus/dev/masks/fruits_blob.png')]);
    const req = await validateRequest({ image, mask, prompt: 'remove the apple' });
    expect([req.image.mime, req.image.width, req.image.height]).toEqual(['image/jpeg', 512, 480]);
    expect([req.mask.mime, req.mask.width, req.mask.height]).toEqual(['image/png', 512, 480]);
  });
});

describe('16-bit PNG', () => {
  it('image: a 16-bit PNG is refused naming image (8-bit compositing would change its outside pixels); a 16-bit mask is fine', async () => {
    const deep = encodePng(5, 3);
    deep[24] = 16; // IHDR bit depth (the refusal reads the header, before any decode)
    const blob = new Blob([deep as BlobPart], { type: 'image/png' });
    await expectInvalid({ ...base(), image: blob }, ['image'], /is a 16-bit PNG; .*Convert it to 8 bits per channel/);
    const req = await validateRequest({ ...base(), mask: blob });
    expect([req.mask.mime, req.mask.width, req.mask.height]).toEqual(['image/png', 5, 3]);
  });
});

describe('defaults and seed', () => {
  it('fills rendering_speed DEFAULT, num_images 1, output_format png and empty reference lists', async () => {
    const req = await validateRequest(base(), { random: () => 0 });
    expect(req).toMatchObject({ prompt: 'a red door', rendering_speed: 'DEFAULT', num_images: 1, output_format: 'png', metadata: 'keep', background: '#FFFFFF', style_reference_images: [], character_reference_images: [] });
    expect('magic_prompt' in req || 'style_type' in req || 'color_palette' in req || 'webhook_url' in req || 'model' in req).toBe(false);
  });

  it('keeps the given optional fields', async () => {
    const palette = { members: [{ color_hex: '#ff8800', color_weight: 0.5 }] };
    const req = await validateRequest({ ...base(), rendering_speed: 'TURBO', magic_prompt: 'OFF', style_codes: ['deadbeef'], color_palette: palette, webhook_url: 'https://example.com/hook', num_images: 3, output_format: 'webp', model: 'builtin', seed: 7 });
    expect(req).toMatchObject({ rendering_speed: 'TURBO', magic_prompt: 'OFF', style_codes: ['deadbeef'], color_palette: palette, webhook_url: 'https://example.com/hook', num_images: 3, output_format: 'webp', model: 'builtin', seed: 7, seed_was_random: false });
    expect(req.color_palette).not.toBe(palette); // a copy: later edits to the body cannot change a queued task
  });

  it('draws the seed from options.random when absent, and says so', async () => {
    expect(await validateRequest(base(), { random: () => 0.5 })).toMatchObject({ seed: 1073741824, seed_was_random: true });
    expect((await validateRequest(base(), { random: () => 0.9999999999 })).seed).toBe(2147483647);
    expect((await validateRequest({ ...base(), seed: 0 }, { random: () => 0.5 })).seed).toBe(0);
  });

  it('draws the seed from crypto.getRandomValues by default, within 0..2147483647', async () => {
    const seeds = await Promise.all(Array.from({ length: 8 }, () => validateRequest(base()).then((r) => r.seed)));
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 2147483647).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});

describe('URLs', () => {
  it('fetches an https URL with the injected fetch, a signal (the caller’s, bounded by the fetch timeout) and no credentials', async () => {
    const { fetch, calls } = fakeFetch({ 'https://cdn.example.com/a.png': encodePng(5, 3) });
    const signal = new AbortController().signal;
    const req = await validateRequest({ ...base(), image: 'https://cdn.example.com/a.png' }, { fetch, signal });
    expect([req.image.mime, req.image.width]).toEqual(['image/png', 5]);
    expect(calls).toHaveLength(1);
    // The fetch gets a deadline signal that follows the caller's (resolve.test.ts checks the abort and the timeout).
    expect(calls[0].init?.signal).toBeInstanceOf(AbortSignal);
    expect(calls[0].init?.signal?.aborted).toBe(false);
    expect(calls[0].init?.credentials).toBe('omit');
  });

  it('accepts http on localhost', async () => {
    const { fetch } = fakeFetch({ 'http://localhost:5173/m.png': encodePng(5, 3) });
    const req = await validateRequest({ ...base(), mask: 'http://localhost:5173/m.png' }, { fetch });
    expect(req.mask.width).toBe(5);
  });

  it('refuses http to other hosts without fetching', async () => {
    const { fetch, calls } = fakeFetch({});
    await expectInvalid({ ...base(), image: 'http://cdn.example.com/a.png' }, ['image'], /use https/, { fetch });
    expect(calls).toHaveLength(0);
  });

  it('reports a network failure under the field name', async () => {
    const { fetch } = fakeFetch({ 'https://down.example.com/a.png': new TypeError('Failed to fetch') });
    await expectInvalid({ ...base(), image: 'https://down.example.com/a.png' }, ['image'], /could not be fetched from https:\/\/down.example.com\/a.png \(Failed to fetch\)/, { fetch });
  });

  it('reports an HTTP error status under the field name', async () => {
    const { fetch } = fakeFetch({ 'https://x.example.com/gone.png': 404 });
    await expectInvalid({ ...base(), style_reference_images: ['https://x.example.com/gone.png'] }, ['style_reference_images[0]'], /HTTP 404 Not Found; expected a 2xx response/, { fetch });
  });

  it('passes an abort through as the AbortError, not as invalid_request', async () => {
    const controller = new AbortController();
    const fetch = ((_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof globalThis.fetch;
    const pending = validateRequest({ ...base(), image: 'https://slow.example.com/a.png' }, { fetch, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('collection', () => {
  it('reports shape and bytes problems together in one error', async () => {
    const err = await rejection({ image: new Blob(['not an image']), mask: png(5, 3), prompt: '', seed: 'x', output_format: 'bmp' });
    expect(err.code).toBe('invalid_request');
    expect(err.invalid_params?.map((p) => p.name)).toEqual(['prompt', 'seed', 'output_format', 'image']);
  });
});
