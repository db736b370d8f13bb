import { describe, expect, it } from 'vitest';
import type { Progress } from '../shared/progress';
import { progressTracker } from './progress';
import { sdTurboDownload } from '../../test/fixtures/progress';

const run = (events: Progress[]) => {
  const progressOf = progressTracker();
  return events.map((e) => Math.round(progressOf(e) * 1000) / 1000);
};

describe('progressTracker', () => {
  it('fills 0.02 → 0.6 over all files of a multi-file download, then the steps fill the rest from there', () => {
    const dl = (file: string, loaded: number, total: number, overallLoaded: number) => sdTurboDownload(file, loaded, total, overallLoaded, 1000);
    expect(
      run([
        { status: 'initiate', model: 'sd-turbo' },
        dl('tokenizer/vocab.json', 100, 100, 100),
        { status: 'verify', model: 'sd-turbo', file: 'tokenizer/vocab.json' },
        // A finished small file must not fill the bar: the next file starts where the total stands.
        dl('unet/model.onnx', 400, 800, 500),
        dl('unet/model.onnx', 800, 800, 1000),
        { status: 'ready', model: 'sd-turbo', backend: 'webgpu' },
        { status: 'step', index: 1, total: 2 },
        { status: 'step', index: 2, total: 2 },
        { status: 'done' },
      ]),
    ).toEqual([0.02, 0.078, 0.078, 0.31, 0.6, 0.6, 0.79, 0.98, 1]);
  });

  it('without a download, steps fill 0.12 → 0.98; it never goes back (a WASM retry restarts the steps)', () => {
    expect(
      run([
        { status: 'initiate', model: 'builtin-fill' },
        { status: 'step', index: 1, total: 4 },
        { status: 'step', index: 2, total: 4 },
        { status: 'step', index: 1, total: 4 },
        { status: 'step', index: 4, total: 4 },
      ]),
    ).toEqual([0.02, 0.335, 0.55, 0.55, 0.98]);
  });

  it('uses the file itself when the event has no overall figure (one-file models)', () => {
    expect(run([{ status: 'download', model: 'lama', file: 'lama_fp32.onnx', loaded: 50, total: 100 }])).toEqual([0.31]);
  });
});
