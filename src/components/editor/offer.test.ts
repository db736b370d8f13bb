import { describe, expect, it } from 'vitest';
import { SPEED_PREFERENCE } from '../../../workers/pipelines/route';
import type { DeviceSupport, ModelSupport } from '../../shared/device-support';
import { FILL_PREFERENCE, LARGE_HOLE_PX, isLargeHole, pickOffer, type OfferContext } from './offer';

const runs = (id: string, runnable = true): ModelSupport => ({
  model: id,
  runnable,
  ...(runnable ? {} : { reason: 'needs a graphics card with 16-bit float support' }),
  details: [],
  bytes: 1,
});
const support = (sdRuns: boolean): DeviceSupport => ({
  device: { webgpu: false, softwareAdapter: false, shaderF16: false },
  models: [runs('builtin-fill'), runs('migan'), runs('lama'), runs('sd-turbo', sdRuns), runs('sd15-inpainting', sdRuns)],
});
const base: OfferContext = { resultModel: 'builtin-fill', prompt: 'remove the cable', speed: 'DEFAULT', chosenModel: '', cached: new Set(), dismissed: new Set(), support: support(false) };
const SMALL = { width: 120, height: 80 };
const LARGE = { width: 300, height: 40 };
const picked = (c: Partial<OfferContext>) => pickOffer({ ...base, ...c })?.model;

describe('pickOffer', () => {
  it('offers MI-GAN after a built-in fill, with its size, and never before the cache is known', () => {
    expect(pickOffer({ ...base, hole: SMALL })).toEqual({
      model: 'migan',
      text: 'Sharper fills: download MI-GAN (28.1 MB), kept for offline use.',
      action: 'Download MI-GAN',
    });
    expect(picked({ cached: undefined })).toBeUndefined();
    expect(picked({ resultModel: undefined })).toBeUndefined();
  });

  it('never offers a cached or dismissed model, nor after a learned or prompt-guided result', () => {
    expect(picked({ cached: new Set(['migan']) })).toBeUndefined();
    expect(picked({ dismissed: new Set(['migan']) })).toBeUndefined();
    expect(picked({ resultModel: 'migan', hole: SMALL })).toBeUndefined();
    expect(picked({ resultModel: 'sd-turbo', prompt: 'a red balloon' })).toBeUndefined();
    // A model chosen by hand stays chosen.
    expect(picked({ chosenModel: 'builtin-fill' })).toBeUndefined();
  });

  it(`offers LaMa for a hole over ${LARGE_HOLE_PX} px where routing would put LaMa before what ran`, () => {
    expect(LARGE_HOLE_PX).toBe(256);
    expect([isLargeHole({ width: 256, height: 256 }), isLargeHole({ width: 40, height: 257 }), isLargeHole(undefined)]).toEqual([false, true, false]);
    expect(pickOffer({ ...base, hole: LARGE })?.text).toBe('Better fills for large areas: download LaMa (208 MB), kept for offline use.');
    expect(picked({ hole: LARGE, speed: 'TURBO' })).toBe('lama');
    // After MI-GAN: at DEFAULT/QUALITY routing prefers LaMa, at TURBO MI-GAN stays first.
    expect(picked({ resultModel: 'migan', cached: new Set(['migan']), hole: LARGE, speed: 'QUALITY' })).toBe('lama');
    expect(picked({ resultModel: 'migan', cached: new Set(['migan']), hole: LARGE, speed: 'TURBO' })).toBeUndefined();
    // LaMa dismissed or cached: back to MI-GAN after a built-in fill.
    expect(picked({ hole: LARGE, dismissed: new Set(['lama']) })).toBe('migan');
  });

  it('offers SD-Turbo for a prompt asking for new content only when this device can run it', () => {
    expect(pickOffer({ ...base, prompt: 'add a red balloon', support: support(true) })?.text).toBe(
      'Follow the prompt: download SD-Turbo (≈ 2.6 GB), kept for offline use.',
    );
    // Cannot run here, or not known yet: the fill offer instead.
    expect(picked({ prompt: 'add a red balloon', support: support(false) })).toBe('migan');
    expect(picked({ prompt: 'add a red balloon', support: undefined })).toBe('migan');
    expect(picked({ prompt: 'add a red balloon', support: support(true), dismissed: new Set(['sd-turbo']) })).toBe('migan');
    // Even after a model chosen by hand: the prompt is what asked for it.
    expect(picked({ prompt: 'add a red balloon', support: support(true), chosenModel: 'lama', resultModel: 'lama' })).toBe('sd-turbo');
  });

  it("follows the router's order of fill models", () => {
    expect(FILL_PREFERENCE).toEqual(SPEED_PREFERENCE);
    expect(FILL_PREFERENCE).toEqual({ TURBO: ['migan', 'lama'], DEFAULT: ['lama', 'migan'], QUALITY: ['lama', 'migan'] });
  });
});
