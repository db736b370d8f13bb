import { describe, expect, it } from 'vitest';
import { InpaintError } from '../src/shared/errors';
import { BUILTIN_SPEED_PARAMS, builtinSizeMultiple } from './builtin/graph';
import { MODELS, getModel } from './registry';

describe('registry', () => {
  it('returns the built-in fill manifest: no files, not prompt-guided, serves every speed', () => {
    const m = getModel('builtin-fill');
    expect(m.id).toBe('builtin-fill');
    expect(m.files).toEqual([]);
    expect(m.promptGuided).toBe(false);
    expect(m.backends).toEqual(['webgpu', 'wasm']);
    expect(m.serves).toEqual(['TURBO', 'DEFAULT', 'QUALITY']);
    expect(m.io.inputs.map((t) => t.name)).toEqual(['image', 'mask', 'noise']);
    expect(m.io.outputs.map((t) => [t.name, t.dtype, t.shape])).toEqual([['output', 'float32', [1, 3, 'H', 'W']]]);
    for (const p of Object.values(BUILTIN_SPEED_PARAMS)) expect(m.io.sizeMultiple % builtinSizeMultiple(p)).toBe(0);
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

  it('does not resolve inherited object keys as models', () => {
    expect(() => getModel('toString')).toThrow(/Valid model ids: builtin-fill/);
  });
});
