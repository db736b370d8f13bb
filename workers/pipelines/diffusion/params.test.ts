import { describe, expect, it } from 'vitest';
import { colourStats, poolStats, transferStats } from './color-transfer';
import { blendKnown, concatChannels, guide, latentMask, latentNoise } from './latents';
import { assemblePrompt, enhancePrompt, lightingWords, shouldEnhance } from './magic-prompt';
import { PALETTE_PULL, applyPalette, colourName, hexToRgb, paletteColours, paletteWords } from './palette';
import { STYLE_CODE_TABLE, STYLE_PRESETS, resolveStyleType, styleCodeIndex, styleCodeWords } from './style';

describe('seeded latent noise', () => {
  it('is bit-identical for a seed, different for another, and standard normal', () => {
    const a = latentNoise(1234, [1, 4, 64, 64]);
    const b = latentNoise(1234, [1, 4, 64, 64]);
    expect(a).toHaveLength(16384);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(latentNoise(1235, [1, 4, 64, 64])[0]).not.toBe(a[0]);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('latent mask, blending, guidance', () => {
  it('marks an 8×8 latent cell as hole when any of its pixels is', () => {
    const hole = new Uint8Array(16 * 16);
    hole[9 * 16 + 8] = 1; // pixel (8, 9) → cell (1, 1)
    expect([...latentMask(hole, 16, 16)]).toEqual([0, 0, 0, 1]);
  });
  it('blends known latents back outside the hole, on every channel', () => {
    const mask = Float32Array.from([1, 0]);
    const out = blendKnown(Float32Array.from([5, 6, 7, 8]), Float32Array.from([1, 2, 3, 4]), mask);
    expect([...out]).toEqual([5, 2, 7, 4]);
  });
  it('applies classifier-free guidance u + s(t − u) and concatenates channels', () => {
    expect([...guide(Float32Array.from([1, 2]), Float32Array.from([3, 2]), 7.5)]).toEqual([16, 2]);
    expect([...concatChannels(Float32Array.from([1]), Float32Array.from([2, 3]))]).toEqual([1, 2, 3]);
  });
});

describe('style_type and style_codes', () => {
  it('resolves AUTO from the prompt and keeps explicit types', () => {
    expect(resolveStyleType('AUTO', 'a minimal logo of a fox')).toBe('DESIGN');
    expect(resolveStyleType(undefined, 'a product photo of a watch')).toBe('REALISTIC');
    expect(resolveStyleType('AUTO', 'a fox')).toBe('GENERAL');
    expect(resolveStyleType('DESIGN', 'a photo')).toBe('DESIGN');
    expect(STYLE_PRESETS.REALISTIC.guidance).toBe(6);
    expect(STYLE_PRESETS.DESIGN.negative).toContain('cluttered');
  });
  it('maps each 8-hex code to table[n mod 16], case-insensitively, the same every time', () => {
    expect(styleCodeIndex('0000000a')).toBe(10);
    expect(styleCodeIndex('FFFFFFF1')).toBe(1);
    expect(styleCodeIndex('ffffffF1')).toBe(1);
    expect(styleCodeIndex('12345678')).toBe(0x12345678 % 16);
    expect(styleCodeWords(['0000000a', 'FFFFFFF1', '0000001a'])).toEqual([STYLE_CODE_TABLE[10], STYLE_CODE_TABLE[1]]);
    expect(() => styleCodeIndex('xyz')).toThrow(/8 hex digits/);
  });
});

describe('magic_prompt', () => {
  const warmBright = { mean: [210, 180, 150] as [number, number, number], std: [10, 10, 10] as [number, number, number], count: 10 };
  it('AUTO enhances short prompts only; ON always; OFF never', () => {
    expect(shouldEnhance('a red bicycle', 'AUTO')).toBe(true);
    expect(shouldEnhance('one two three four five six seven eight', 'AUTO')).toBe(false);
    expect(shouldEnhance('one two three four five six seven eight', 'ON')).toBe(true);
    expect(shouldEnhance('cat', 'OFF')).toBe(false);
  });
  it('adds subject, lighting from the scene and style material words, deterministically', () => {
    expect(lightingWords(warmBright)).toBe('bright warm light');
    expect(lightingWords({ mean: [30, 40, 90], std: [1, 1, 1], count: 1 })).toBe('dim low-key cool light');
    const a = enhancePrompt('a sleeping cat', 'AUTO', 'REALISTIC', warmBright);
    expect(a).toBe('a sleeping cat, detailed fur and eyes, natural stance, bright warm light, realistic materials, fine texture');
    expect(enhancePrompt('a sleeping cat', 'AUTO', 'REALISTIC', warmBright)).toBe(a);
    expect(enhancePrompt('a lamp in soft light', 'ON', 'DESIGN', warmBright)).toBe(
      'a lamp in soft light, well-defined object, accurate proportions, smooth shapes, clean edges',
    );
    expect(enhancePrompt('  a cat ', 'OFF', 'GENERAL', warmBright)).toBe('a cat');
  });
  it('assembles extras once each', () => {
    expect(assemblePrompt('a fox, golden hour sunlight', ['golden hour sunlight', 'ink'], 'color palette of red', '')).toBe(
      'a fox, golden hour sunlight, ink, color palette of red',
    );
  });
});

describe('color_palette', () => {
  it('names colours and builds palette words, heaviest first', () => {
    expect(hexToRgb('#1d4ed8')).toEqual([29, 78, 216]);
    expect(colourName([250, 228, 70])).toBe('yellow');
    expect(paletteWords({ name: 'ULTRAMARINE' })).toBe('color palette of navy, blue, sky blue and lavender');
    expect(paletteWords({ members: [{ color_hex: '#ff0000', color_weight: 0.2 }, { color_hex: '#00a050', color_weight: 0.9 }] })).toBe(
      'color palette of green and red',
    );
    expect(paletteWords(undefined)).toBe('');
    expect(paletteColours({ name: 'EMBER' }).map((c) => c.weight)).toEqual([1, 0.8, 0.6, 0.4, 0.2].map((w) => expect.closeTo(w, 10)));
  });
  it('pulls masked pixels toward their nearest palette colour by 0.35·weight, leaving others', () => {
    const rgba = new Uint8ClampedArray([100, 100, 100, 255, 100, 100, 100, 255]);
    applyPalette(rgba, Uint8Array.from([1, 0]), [
      { rgb: [200, 100, 100], weight: 1 },
      { rgb: [0, 0, 255], weight: 1 },
    ]);
    expect([...rgba]).toEqual([Math.round(100 + PALETTE_PULL * 100), 100, 100, 255, 100, 100, 100, 255]);
    const half = new Uint8ClampedArray([0, 0, 0, 255]);
    applyPalette(half, Uint8Array.from([1]), [{ rgb: [200, 200, 200], weight: 0.5 }]);
    expect([...half]).toEqual([35, 35, 35, 255]);
  });
});

describe('style reference colour transfer', () => {
  it('computes and pools statistics', () => {
    const s = colourStats(new Uint8ClampedArray([0, 10, 20, 255, 100, 10, 40, 255]));
    expect(s.mean).toEqual([50, 10, 30]);
    expect(s.std).toEqual([50, 0, 10]);
    const pooled = poolStats([s, colourStats(new Uint8ClampedArray([50, 10, 30, 255]))])!;
    expect(pooled.count).toBe(3);
    expect(pooled.mean[0]).toBeCloseTo(50, 10);
    expect(pooled.std[0]).toBeCloseTo(Math.sqrt((2500 + 2500 + 0) / 3), 10);
  });
  it('moves the generated pixels 60 % toward the reference mean/std, only inside the mask', () => {
    const rgba = new Uint8ClampedArray([90, 90, 90, 255, 110, 110, 110, 255, 7, 7, 7, 255]);
    const target = { mean: [200, 100, 0] as [number, number, number], std: [20, 0, 10] as [number, number, number], count: 1 };
    transferStats(rgba, Uint8Array.from([1, 1, 0]), target);
    // own mean 100, std 10 per channel: R 90 → 180 (gain 2) → 90 + 0.6·90 = 144; 110 → 220 → 176.
    expect([rgba[0], rgba[4]]).toEqual([144, 176]);
    // G: gain 0 → 100 for both: 90 + 0.6·10 = 96, 110 − 6 = 104. B (gain 1, mean 0): 90 → −10 → 90 − 60 = 30; 110 → 10 → 50.
    expect([rgba[1], rgba[5], rgba[2], rgba[6]]).toEqual([96, 104, 30, 50]);
    expect([...rgba.slice(8)]).toEqual([7, 7, 7, 255]);
  });
});

describe('conditioning (all style fields together)', () => {
  it('builds prompt, negative prompt and guidance from the request fields', async () => {
    const { conditioning } = await import('./conditioning');
    const c = conditioning({ prompt: 'a sleeping cat', magicPrompt: 'OFF', styleType: 'DESIGN', colorPalette: { name: 'ULTRAMARINE' } });
    expect(c).toEqual({
      prompt: `a sleeping cat, ${STYLE_PRESETS.DESIGN.words}, color palette of navy, blue, sky blue and lavender`,
      negative: STYLE_PRESETS.DESIGN.negative,
      guidance: 8.5,
      style: 'DESIGN',
    });
    const auto = conditioning({ prompt: 'a cat', styleCodes: ['00000003'] }, { mean: [40, 40, 40], std: [1, 1, 1], count: 4 });
    expect(auto.prompt).toBe(`a cat, detailed fur and eyes, natural stance, dim low-key light, high detail, ${STYLE_CODE_TABLE[3]}`);
    expect(auto.style).toBe('GENERAL');
  });
});
