/**
 * Every validated field reaches the worker (or is named as the client's own):
 * a full request through the real validator, the store's mapping, a structured
 * clone (what IndexedDB and postMessage do) and the worker's mapping.
 */
import { describe, expect, it } from 'vitest';
import { encodePng } from './test-images';
import { CLIENT_ONLY_FIELDS, camelCase, jobRequest, storedRequest } from './job-fields';
import type { InpaintRequest, ValidatedRequest } from './types';
import { validateRequest } from './validate';
import { deriveSeed } from '../shared/rng';

const png = (w: number, h: number, tag: string): Blob => new Blob([encodePng(w, h) as BlobPart], { type: `image/png;tag=${tag}` });

/** Every field of the request set (a new field in InpaintRequest fails to compile here until it is added). */
const FULL = {
  image: png(6, 4, 'image'),
  mask: png(6, 4, 'mask'),
  prompt: 'a blue door',
  rendering_speed: 'QUALITY',
  magic_prompt: 'OFF',
  style_type: 'DESIGN',
  style_codes: ['0A1B2C3D'],
  style_reference_images: [png(2, 2, 'style')],
  character_reference_images: [png(3, 3, 'character')],
  color_palette: { name: 'EMBER' },
  seed: 4242,
  webhook_url: 'https://example.com/hook',
  num_images: 3,
  output_format: 'webp',
  metadata: 'strip-location',
  background: '#123456',
  model: 'lama',
} satisfies Required<InpaintRequest>;

/** style_codes cannot be combined with style_type or style references, so two requests cover every field. */
const { style_codes, ...withStyleType } = FULL;
const { style_type: _type, style_reference_images: _refs, ...withStyleCodes } = FULL;

/** Validated fields that stay with the client, and why. */
const NOT_SENT: Partial<Record<keyof ValidatedRequest, string>> = {
  ...CLIENT_ONLY_FIELDS,
  seed_was_random: 'reported by the client only',
};

async function throughToWorker(body: InpaintRequest) {
  const validated = await validateRequest(body);
  const { request, inputs } = structuredClone(storedRequest(validated, 'wasm'));
  return { validated, request, job: jobRequest(request, inputs) as unknown as Record<string, unknown> };
}

describe('request → stored task → worker job', () => {
  for (const [name, body] of [['style_type', withStyleType], ['style_codes', withStyleCodes]] as const) {
    it(`drops no validated field on the way to the worker (request with ${name})`, async () => {
      const { validated, job } = await throughToWorker(body);
      const fields = Object.keys(validated) as (keyof ValidatedRequest)[];
      expect(fields).toContain(name);
      for (const field of fields) {
        if (NOT_SENT[field]) continue;
        const value = validated[field];
        const sent = job[camelCase(field)];
        expect(sent, `${field} → ${camelCase(field)}`).toBeDefined();
        if (field === 'image' || field === 'mask') expect((sent as Blob).type, field).toBe((value as { blob: Blob }).blob.type);
        else if (field === 'style_reference_images' || field === 'character_reference_images') {
          expect((sent as Blob[]).map((b) => b.type), field).toEqual(validated[field].map((r) => r.blob.type));
        } else expect(sent, field).toEqual(value);
      }
    });
  }

  it('sends one derived seed per image and the backend, and keeps the client-only fields in the store', async () => {
    const { request, job } = await throughToWorker(withStyleType);
    expect(job.seeds).toEqual([0, 1, 2].map((i) => deriveSeed(4242, i)));
    expect(job.backend).toBe('wasm');
    expect(request).toMatchObject({ seed: 4242, num_images: 3, webhook_url: 'https://example.com/hook', width: 6, height: 4 });
    for (const field of Object.keys(CLIENT_ONLY_FIELDS)) expect(job, field).not.toHaveProperty(camelCase(field));
    expect(Object.keys(job).every((k) => !k.includes('_'))).toBe(true);
  });

  it('camelCases the contract names', () => {
    expect(['rendering_speed', 'style_reference_images', 'prompt', 'a_1b'].map(camelCase)).toEqual(['renderingSpeed', 'styleReferenceImages', 'prompt', 'a1b']);
  });
});

describe('an expand request through the same mapping', () => {
  it('stores the sides (no mask, no derived output size) and the worker gets them as `expand`, with no mask', async () => {
    const { validateExpandRequest } = await import('./validate-expand');
    const req = await validateExpandRequest({ image: png(6, 4, 'image'), left: 3, bottom: 2, seed: 7, num_images: 2 });
    const { request, inputs } = storedRequest(req, 'wasm');
    expect(request.expand).toEqual({ left: 3, right: 0, top: 0, bottom: 2 });
    expect([request.width, request.height, request.seeds]).toEqual([6, 4, [7, deriveSeed(7, 1)]]);
    expect('output' in request).toBe(false);
    expect('mask' in inputs).toBe(false);
    const job = jobRequest(structuredClone(request), inputs);
    expect(job.expand).toEqual({ left: 3, right: 0, top: 0, bottom: 2 });
    expect('mask' in job).toBe(false);
    expect(job.image).toBe(inputs.image);
    expect(job.prompt).toBe('');
  });
});
