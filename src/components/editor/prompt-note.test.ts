import { describe, expect, it } from 'vitest';
import { promptNotUsedNote } from './prompt-note';
import type { DeviceSupport } from '../../shared/device-support';

const support = (sdRuns: boolean): DeviceSupport => ({
  device: { webgpu: false, softwareAdapter: false, shaderF16: false },
  models: ['builtin-fill', 'migan', 'lama', 'sd-turbo', 'sd15-inpainting'].map((model) => {
    const runnable = !model.startsWith('sd') || sdRuns;
    return { model, runnable, ...(runnable ? {} : { reason: 'needs a graphics card with 16-bit float support' }), details: [], bytes: 1 };
  }),
});

describe('promptNotUsedNote', () => {
  it('says the prompt was not used, and offers the SD-Turbo download, when a fill model served a prompt for new content', () => {
    expect(promptNotUsedNote('builtin-fill', 'add a red balloon', new Set())).toBe(
      'The prompt was not used: Built-in fill fills the painted area from its surroundings. To follow the prompt, prompt-guided generation needs a model that is not cached on this device: choose SD-Turbo in Options → Model to download it (≈ 2.6 GB), kept for offline use.',
    );
    expect(promptNotUsedNote('migan', 'a dog on the sofa', undefined)).toMatch(/^The prompt was not used: MI-GAN fills/);
  });

  it('names the next step from the device check: download SD-Turbo, or this device cannot run the prompt-guided models and why', () => {
    expect(promptNotUsedNote('builtin-fill', 'add a red balloon', new Set(), support(true))).toBe(
      'The prompt was not used: Built-in fill fills the painted area from its surroundings. Prompt-guided generation needs a model that is not cached: download SD-Turbo (≈ 2.6 GB).',
    );
    expect(promptNotUsedNote('migan', 'add a red balloon', new Set(), support(false))).toBe(
      'The prompt was not used: MI-GAN fills the painted area from its surroundings, and this device cannot run the prompt-guided models: needs a graphics card with 16-bit float support.',
    );
  });

  it('points to the cached model when SD-Turbo is cached (a fill model was chosen explicitly)', () => {
    expect(promptNotUsedNote('lama', 'a dog', new Set(['sd-turbo']))).toBe(
      'The prompt was not used: LaMa fills the painted area from its surroundings. To follow the prompt, choose SD-Turbo in Options → Model.',
    );
  });

  it('says nothing for removal prompts, prompt-guided models and unknown models', () => {
    expect(promptNotUsedNote('builtin-fill', 'remove the power line', new Set())).toBeUndefined();
    expect(promptNotUsedNote('builtin-fill', '   ', new Set())).toBeUndefined();
    expect(promptNotUsedNote('sd-turbo', 'add a red balloon', new Set())).toBeUndefined();
    expect(promptNotUsedNote(undefined, 'add a red balloon', new Set())).toBeUndefined();
  });
});
