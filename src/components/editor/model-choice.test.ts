import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG, catalogModel } from '../../../models/catalog';
import { downloadNotice, formatSize, modelLabel, unknownModel } from './model-choice';

describe('model picker text', () => {
  it('formats sizes in decimal units, one decimal below 100', () => {
    expect([0, 999, 1000, 12_345, 28_079_181, 208_044_816, 1_730_000_000, 2_580_085_000].map(formatSize)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '12.3 kB',
      '28.1 MB',
      '208 MB',
      '1.7 GB',
      '2.6 GB',
    ]);
    // The unit is chosen after rounding: never "1000 kB" or "100.0 kB".
    expect([999_950, 99_960, 999_960_000].map(formatSize)).toEqual(['1.0 MB', '100 kB', '1.0 GB']);
  });

  it('labels each model with its size and, when known, whether it is cached', () => {
    const labels = (cached: ReadonlySet<string> | undefined) => MODEL_CATALOG.map((m) => modelLabel(m, cached));
    expect(labels(new Set())).toEqual([
      'Built-in fill (built in)',
      'MI-GAN (downloads 28.1 MB)',
      'LaMa (downloads 208 MB)',
      'SD-Turbo (downloads ≈ 2.6 GB)',
      'SD-1.5 inpainting (downloads ≈ 2.1 GB)',
    ]);
    expect(labels(new Set(['lama', 'sd-turbo']))).toEqual([
      'Built-in fill (built in)',
      'MI-GAN (downloads 28.1 MB)',
      'LaMa (208 MB, cached)',
      'SD-Turbo (≈ 2.6 GB, cached)',
      'SD-1.5 inpainting (downloads ≈ 2.1 GB)',
    ]);
    expect(labels(undefined)).toEqual(['Built-in fill (built in)', 'MI-GAN (28.1 MB)', 'LaMa (208 MB)', 'SD-Turbo (≈ 2.6 GB)', 'SD-1.5 inpainting (≈ 2.1 GB)']);
  });

  it('gives the download notice only for a chosen model that is not known to be cached', () => {
    expect(downloadNotice('sd-turbo', new Set())).toBe('First use downloads ≈ 2.6 GB (6 files); it is then cached for offline use.');
    expect(downloadNotice('migan', undefined)).toBe('First use downloads 28.1 MB; it is then cached for offline use.');
    expect(downloadNotice('sd-turbo', new Set(['sd-turbo']))).toBeUndefined();
    for (const id of ['', 'builtin-fill', 'no-such-model']) expect(downloadNotice(id, new Set()), id).toBeUndefined();
  });

  it('reports an id that is not registered as a model problem listing the valid ids', () => {
    expect(unknownModel('lama-xl')).toEqual({
      name: 'model',
      reason: 'is "lama-xl"; expected one of builtin-fill, migan, lama, sd-turbo, sd15-inpainting, or leave it out for automatic routing',
    });
    for (const id of ['', '  ', 'lama', ' sd-turbo ']) expect(unknownModel(id), id).toBeUndefined();
  });
});
