import { describe, expect, it } from 'vitest';
import { describeProgress } from './progress-text';
import { sdTurboDownload } from '../../../test/fixtures/progress';
import type { Progress } from '../../shared/progress';

describe('progress line', () => {
  const run = (events: Progress[]) => {
    let text = '';
    return events.map((e) => (text = describeProgress(e, text)));
  };

  it("names a diffusion model's files by their repository path and adds up the bytes over all of them", () => {
    const dl = (file: string, loaded: number, total: number, overall: number) => sdTurboDownload(file, loaded, total, overall, 2_580_000_000);
    expect(
      run([
        { status: 'initiate', model: 'sd-turbo' },
        dl('tokenizer/vocab.json', 0, 1_060_000, 0),
        { status: 'verify', model: 'sd-turbo', file: 'tokenizer/vocab.json' },
        dl('unet/model.onnx', 812_000_000, 1_730_000_000, 1_494_000_000),
        { status: 'ready', model: 'sd-turbo', backend: 'webgpu' },
        { status: 'step', index: 1, total: 2 },
      ]),
    ).toEqual([
      'Loading model sd-turbo…',
      'Downloading tokenizer/vocab.json: 0 B of 1.1 MB (0%); 0 B of 2.6 GB in all',
      'Verifying tokenizer/vocab.json…',
      'Downloading unet/model.onnx: 812 MB of 1.7 GB (47%); 1.5 GB of 2.6 GB in all',
      'Model ready on WebGPU',
      'Step 1 of 2',
    ]);
  });

  it('keeps the single-file wording for a one-file model, and the previous text for a bare number', () => {
    expect(run([{ status: 'download', model: 'lama', file: 'lama_fp32.onnx', loaded: 104_022_408, total: 208_044_816 }])).toEqual([
      'Downloading lama_fp32.onnx: 104 MB of 208 MB (50%)',
    ]);
    expect(describeProgress(undefined, 'Step 1 of 2')).toBe('Step 1 of 2');
  });
});
