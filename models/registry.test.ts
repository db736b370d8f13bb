import { describe, expect, it } from 'vitest';
import { InpaintError } from '../src/shared/errors';
import { BUILTIN_SPEED_PARAMS, builtinSizeMultiple } from './builtin/graph';
import { MODEL_LIST, MODELS, getModel } from './registry';

describe('registry', () => {
  it('returns the built-in fill manifest: no files, not prompt-guided, serves every speed', () => {
    const m = getModel('builtin-fill');
    expect(m.id).toBe('builtin-fill');
    expect(m.files).toEqual([]);
    expect(m.promptGuided).toBe(false);
    expect(m.backends).toEqual(['webgpu', 'wasm']);
    expect(m.serves).toEqual({ TURBO: 1, DEFAULT: 1, QUALITY: 1 });
    expect(m.io.inputs.map((t) => t.name)).toEqual(['image', 'mask', 'noise']);
    expect(m.io.outputs.map((t) => [t.name, t.dtype, t.shape])).toEqual([['output', 'float32', [1, 3, 'H', 'W']]]);
    expect(m.io.sizeMultiple).toBe(Math.max(...Object.values(BUILTIN_SPEED_PARAMS).map(builtinSizeMultiple)));
  });

  it('throws model_not_found listing the valid ids', () => {
    let err: unknown;
    try {
      getModel('lama-xl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InpaintError);
    expect((err as InpaintError).code).toBe('model_not_found');
    expect((err as InpaintError).message).toContain('"lama-xl"');
    expect((err as InpaintError).message).toContain(Object.keys(MODELS).join(', '));
  });

  it('lists each id once, names every model, and ranks each speed with distinct positive ranks per kind (fill, prompt-guided)', () => {
    const ids = MODEL_LIST.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(MODELS)).toEqual(ids);
    for (const m of MODEL_LIST) expect(m.name.length, m.id).toBeGreaterThan(0);
    for (const promptGuided of [false, true]) {
      for (const speed of ['TURBO', 'DEFAULT', 'QUALITY'] as const) {
        const ranks = MODEL_LIST.filter((m) => m.files.length > 0 && m.promptGuided === promptGuided && m.serves[speed] !== undefined).map((m) => m.serves[speed]!);
        expect(new Set(ranks).size, `${speed} promptGuided=${promptGuided}`).toBe(ranks.length);
        for (const r of ranks) expect(r).toBeGreaterThan(0);
      }
    }
  });

  it('does not resolve inherited object keys as models', () => {
    expect(() => getModel('toString')).toThrow(/Valid model ids: builtin-fill/);
  });
});
