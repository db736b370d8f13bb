/** The expand request's validation battery, through the public validateExpandRequest/validateExpandShape. */
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { encodePng } from './test-images';
import { validateExpandRequest, validateExpandShape } from './validate-expand';

const png = (w: number, h: number): Blob => new Blob([encodePng(w, h) as BlobPart], { type: 'image/png' });

async function problems(body: unknown, maxPixels?: number) {
  try {
    await validateExpandRequest(body, maxPixels ? { maxPixels } : {});
  } catch (err) {
    if (err instanceof InpaintError) {
      expect(err.code).toBe('invalid_request');
      return err.invalid_params ?? [];
    }
    throw err;
  }
  throw new Error('validateExpandRequest accepted the body');
}

describe('validateExpandShape / validateExpandRequest', () => {
  it('fills the defaults: absent sides 0, prompt empty, DEFAULT, png, one image, the output size', async () => {
    const req = await validateExpandRequest({ image: png(5, 3), right: 7, top: 2, seed: 9 });
    expect(req.expand).toEqual({ left: 0, right: 7, top: 2, bottom: 0 });
    expect(req.output).toEqual({ width: 12, height: 5 });
    expect([req.prompt, req.rendering_speed, req.output_format, req.num_images, req.seed, req.seed_was_random]).toEqual(['', 'DEFAULT', 'png', 1, 9, false]);
    expect('mask' in req).toBe(false);
  });

  it('each side: an integer from 0 to 2048; every bad side named, in order, with what is valid', () => {
    const list = validateExpandShape({ image: png(5, 3), left: -1, right: 1.5, top: 2049, bottom: '8' });
    expect(list.map((p) => p.name)).toEqual(['left', 'right', 'top', 'bottom']);
    expect(list.map((p) => p.reason)).toEqual([
      'is -1; expected an integer from 0 to 2048 (pixels added on that side)',
      'is 1.5; expected an integer from 0 to 2048 (pixels added on that side)',
      'is 2049; expected an integer from 0 to 2048 (pixels added on that side)',
      'is a string; expected an integer from 0 to 2048 (pixels added on that side)',
    ]);
    expect(validateExpandShape({ image: png(5, 3), left: 0, right: 2048 })).toEqual([]);
  });

  it('at least one side > 0', async () => {
    for (const body of [{ image: png(5, 3) }, { image: png(5, 3), left: 0, right: 0, top: 0, bottom: 0 }]) {
      expect(await problems(body)).toEqual([
        { name: 'left, right, top, bottom', reason: 'are all 0 or absent; at least one side must be an integer from 1 to 2048 (pixels added on that side)' },
      ]);
    }
  });

  it('the output at most the pixel cap, naming the sides that grow it', async () => {
    const list = await problems({ image: png(10, 10), right: 5, bottom: 2 }, 150);
    expect(list).toEqual([{ name: 'right, bottom', reason: expect.stringMatching(/^make the output 15x12 = 180 pixels \(image 10x10\); the maximum is 150 pixels .*add fewer pixels$/) }]);
    // At the cap exactly: accepted.
    expect((await validateExpandRequest({ image: png(10, 10), right: 5, bottom: 2 }, { maxPixels: 180 })).output).toEqual({ width: 15, height: 12 });
  });

  it('refuses a mask (an inpaint body sent to expand), a non-string prompt, a missing image, and the shared options as submit() does', async () => {
    const list = await problems({ mask: png(5, 3), prompt: 3, left: 4, rendering_speed: 'FAST', num_images: 0, webhook_url: 'ftp://x' });
    expect(list.map((p) => p.name)).toEqual(['image', 'mask', 'prompt', 'rendering_speed', 'webhook_url', 'num_images']);
    expect(list[1].reason).toMatch(/^is not a field of an expand request: the hole is the new border/);
    expect(list[3].reason).toBe('is "FAST"; expected one of TURBO, DEFAULT, QUALITY');
  });

  it('an unreadable image and bad sides are reported together', async () => {
    const list = await problems({ image: new Blob([new Uint8Array([1, 2, 3])]), left: -4 });
    expect(list.map((p) => p.name)).toEqual(['left', 'image']);
  });

  it('a side that is an object without a prototype is refused by name, not thrown as a TypeError (found by validate.property.test.ts)', async () => {
    const list = await problems({ image: png(5, 3), right: 4, left: Object.create(null) });
    expect(list.map((p) => p.name)).toEqual(['left']);
    expect(list[0].reason).toMatch(/expected an integer from 0 to 2048/);
  });

  it('a body that is not an object', async () => {
    expect(await problems(null)).toEqual([{ name: 'body', reason: 'is null; expected a JSON object with image and at least one of left, right, top, bottom' }]);
  });
});
