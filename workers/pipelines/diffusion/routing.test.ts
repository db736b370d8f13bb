import { describe, expect, it } from 'vitest';
import { isRemovalPrompt, selectModel } from '../route';

describe('routing of prompt-guided requests', () => {
  it('classifies removal prompts (and empty ones) for the fill models', () => {
    for (const p of ['remove the cable', 'Erase the person', 'clean up the table', 'cleanup', 'empty background', 'get rid of the sign', '', '  ']) {
      expect([p, isRemovalPrompt(p)]).toEqual([p, true]);
    }
    for (const p of ['a red vintage car', 'a bouquet of tulips in a vase', 'replace the sky with a sunset']) {
      expect([p, isRemovalPrompt(p)]).toEqual([p, false]);
    }
  });

  it('sends content prompts to a cached diffusion model, per speed, and says why', () => {
    const all = new Set(['sd-turbo', 'sd15-inpainting', 'lama', 'migan']);
    const r = selectModel({ prompt: 'a red car', renderingSpeed: 'TURBO' }, all);
    expect(r.modelId).toBe('sd-turbo');
    expect(r.note).toBe('"sd-turbo" serves TURBO: the prompt asks for new content and this diffusion model is cached on this device; the prompt guides the generated content');
    expect(selectModel({ prompt: 'a red car', renderingSpeed: 'DEFAULT' }, all).modelId).toBe('sd-turbo');
    expect(selectModel({ prompt: 'a red car', renderingSpeed: 'QUALITY' }, all).modelId).toBe('sd15-inpainting');
    expect(selectModel({ prompt: 'a red car', renderingSpeed: 'QUALITY' }, new Set(['sd-turbo'])).modelId).toBe('sd-turbo');
    expect(selectModel({ prompt: 'a red car', renderingSpeed: 'TURBO' }, new Set(['sd15-inpainting', 'migan'])).modelId).toBe('migan');
  });

  it('keeps removal prompts on the fill models even when diffusion is cached, and says so', () => {
    const r = selectModel({ prompt: 'remove the cable', renderingSpeed: 'DEFAULT' }, new Set(['sd-turbo', 'lama']));
    expect(r.modelId).toBe('lama');
    expect(r.note).toContain('(the prompt asks for removal, which the fill models do better than diffusion)');
  });

  it('never picks diffusion when nothing is cached: the built-in model stays the default', () => {
    expect(selectModel({ prompt: 'a red car', renderingSpeed: 'DEFAULT' }).modelId).toBe('builtin-fill');
  });
});
