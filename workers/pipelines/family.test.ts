import { describe, expect, it } from 'vitest';
import { MODELS, MODEL_LIST } from '../../models/registry';
import { BUILTIN_FILL_MANIFEST } from '../../models/builtin/manifest';
import { LAMA_MANIFEST } from '../../models/lama/manifest';
import { InpaintError } from '../../src/shared/errors';
import { PIPELINES, PIPELINE_FAMILIES, pipelineFamily, pipelineFor } from './family';

function thrown(fn: () => unknown): InpaintError {
  try {
    fn();
  } catch (error) {
    return error as InpaintError;
  }
  throw new Error('expected a throw');
}

describe('pipelineFamily', () => {
  it('maps every registered model to its own pipeline', () => {
    expect(Object.fromEntries(Object.values(MODELS).map((m) => [m.id, pipelineFamily(m)]))).toEqual({
      'builtin-fill': 'builtin',
      migan: 'migan',
      lama: 'lama',
      'sd-turbo': 'diffusion',
      'sd15-inpainting': 'diffusion',
    });
  });

  it('refuses an unknown family with model_not_found naming the model, its family and the known ones (never the built-in fill)', () => {
    const mystery = { ...BUILTIN_FILL_MANIFEST, id: 'mystery-net', family: 'mystery', files: LAMA_MANIFEST.files };
    const error = thrown(() => pipelineFamily(mystery));
    expect(error).toBeInstanceOf(InpaintError);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('"mystery-net"');
    expect(error.message).toContain('"mystery"');
    expect(error.message).toContain('builtin, migan, lama, diffusion');
    expect(error.details).toMatchObject({ id: 'mystery-net', family: 'mystery' });
  });

  it('refuses a diffusion family without its diffusion description, and a learned family without weight files', () => {
    expect(thrown(() => pipelineFamily({ ...LAMA_MANIFEST, id: 'fake-sd', family: 'diffusion' })).code).toBe('model_not_found');
    const empty = thrown(() => pipelineFamily({ ...LAMA_MANIFEST, id: 'lama-empty', files: [] }));
    expect(empty.code).toBe('model_not_found');
    expect(empty.message).toContain('"lama-empty"');
  });

  it('has a complete table: a pipeline for every registered family, no entry without a registered model, and each binds', () => {
    const families = [...new Set(MODEL_LIST.map((m) => m.family))];
    expect([...PIPELINE_FAMILIES].sort()).toEqual(families.sort());
    for (const m of MODEL_LIST) {
      const pipeline = pipelineFor(m);
      expect(pipeline, m.id).toBe(PIPELINES[m.family as keyof typeof PIPELINES]);
      expect(typeof pipeline.bind(m, () => {}, new AbortController().signal), m.id).toBe('function');
    }
  });

  it('does not take inherited object keys for families', () => {
    expect(thrown(() => pipelineFamily({ ...LAMA_MANIFEST, id: 'proto', family: 'constructor' })).code).toBe('model_not_found');
  });
});
