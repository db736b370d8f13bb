import { describe, expect, it } from 'vitest';
import { InpaintError } from '../../src/shared/errors';
import type { RenderingSpeed } from '../../src/request/types';
import { getModel } from '../../models/registry';
import { DIFFUSION_PREFERENCE, SPEED_PREFERENCE, preferenceTable, selectModel } from './route';

const pick = (speed: RenderingSpeed, cached: string[], model?: string) =>
  selectModel({ prompt: 'x', renderingSpeed: speed, model }, new Set(cached)).modelId;

describe('selectModel', () => {
  it('follows the routing table for every speed and cache state', () => {
    const table: [RenderingSpeed, string[], string][] = [
      ['TURBO', [], 'builtin-fill'],
      ['TURBO', ['migan'], 'migan'],
      ['TURBO', ['lama'], 'lama'],
      ['TURBO', ['lama', 'migan'], 'migan'],
      ['DEFAULT', [], 'builtin-fill'],
      ['DEFAULT', ['migan'], 'migan'],
      ['DEFAULT', ['lama'], 'lama'],
      ['DEFAULT', ['lama', 'migan'], 'lama'],
      ['QUALITY', [], 'builtin-fill'],
      ['QUALITY', ['migan'], 'migan'],
      ['QUALITY', ['lama', 'migan'], 'lama'],
    ];
    for (const [speed, cached, expected] of table) expect([speed, cached, pick(speed, cached)]).toEqual([speed, cached, expected]);
  });

  it('serves the built-in model offline and says why, without asking for a download', () => {
    const r = selectModel({ prompt: 'a cat', renderingSpeed: 'DEFAULT' });
    expect(r.modelId).toBe('builtin-fill');
    expect(r.note).toBe(
      'no learned model is available offline (lama, migan not cached; set "model" to download one), ' +
        'so the built-in fill model serves DEFAULT; it fills the hole from its surroundings and ignores the prompt',
    );
  });

  it('sends a mask over the whole image to a cached diffusion model, even with a removal prompt', () => {
    const full = (prompt: string, cached: string[]) => selectModel({ prompt, renderingSpeed: 'DEFAULT', fullHole: true }, new Set(cached));
    expect(full('remove everything', ['sd-turbo', 'lama']).modelId).toBe('sd-turbo');
    expect(full('', ['sd15-inpainting']).note).toMatch(/the mask covers the whole image, so only a prompt-guided model can fill it/);
    // Without one cached, the fill models are routed as usual (and the worker refuses: nothing to fill from).
    expect(full('remove everything', ['lama']).modelId).toBe('lama');
    expect(selectModel({ prompt: 'remove everything', renderingSpeed: 'DEFAULT' }, new Set(['sd-turbo'])).modelId).toBe('builtin-fill');
  });

  it('names the preferred model that was skipped because it is not cached', () => {
    const r = selectModel({ prompt: '', renderingSpeed: 'QUALITY' }, new Set(['migan']));
    expect(r.note).toMatch(/^"migan" serves QUALITY: .*\(lama preferred but not cached\)/);
  });

  it('lets an explicit model override routing, and says when it will be downloaded', () => {
    expect(pick('TURBO', [], 'lama')).toBe('lama');
    expect(selectModel({ prompt: '', renderingSpeed: 'TURBO', model: 'lama' }).note).toMatch(
      /^model "lama" was requested explicitly, downloading its weights \(208 MB\) first; /,
    );
    expect(selectModel({ prompt: '', renderingSpeed: 'TURBO', model: 'migan' }, new Set(['migan'])).note).toMatch(
      /^model "migan" was requested explicitly; it fills/,
    );
    expect(pick('QUALITY', ['lama'], 'builtin-fill')).toBe('builtin-fill');
  });

  it('rejects an unknown explicit model with model_not_found listing the ids', () => {
    let err: unknown;
    try {
      selectModel({ prompt: '', renderingSpeed: 'DEFAULT', model: 'sd-inpaint' });
    } catch (e) {
      err = e;
    }
    expect((err as InpaintError).code).toBe('model_not_found');
    expect((err as InpaintError).message).toContain('builtin-fill, migan, lama');
  });
});

describe('preference tables from the manifests', () => {
  it('derive the documented orders from the registered manifests’ serves ranks', () => {
    expect(SPEED_PREFERENCE).toEqual({ TURBO: ['migan', 'lama'], DEFAULT: ['lama', 'migan'], QUALITY: ['lama', 'migan'] });
    expect(DIFFUSION_PREFERENCE).toEqual({
      TURBO: ['sd-turbo'],
      DEFAULT: ['sd-turbo', 'sd15-inpainting'],
      QUALITY: ['sd15-inpainting', 'sd-turbo'],
    });
  });

  it('place a new manifest by its ranks and leave out the speeds it does not serve and models with no files', () => {
    const fast = { ...getModel('migan'), id: 'fast-fill', serves: { TURBO: 0.5, QUALITY: 3 } };
    const table = preferenceTable([getModel('builtin-fill'), getModel('migan'), getModel('lama'), getModel('sd-turbo'), fast], false);
    expect(table).toEqual({ TURBO: ['fast-fill', 'migan', 'lama'], DEFAULT: ['lama', 'migan'], QUALITY: ['lama', 'migan', 'fast-fill'] });
    expect(Object.values(table).flat()).not.toContain('builtin-fill');
  });
});
