/**
 * The editor's progress line: one task's progress events as a sentence. A
 * download names its file (a Hub file by its repository path, so the four
 * `model.onnx` of a diffusion model read `unet/model.onnx`, …) and, for a
 * multi-file model, the bytes over all its files (`overall`).
 */
import type { Progress } from '../../shared/progress';
import { formatSize } from './model-choice';

/**
 * The sentence for an event; `previous` when there is none (a bare progress number).
 *
 * @example
 * describeProgress({ status: 'step', index: 1, total: 2 }, ''); // 'Step 1 of 2'
 */
export function describeProgress(e: Progress | undefined, previous: string): string {
  if (!e) return previous;
  switch (e.status) {
    case 'initiate':
      return `Loading model ${e.model}…`;
    case 'download': {
      const bytes = `${formatSize(e.loaded)} of ${formatSize(e.total)} (${e.total ? Math.round((100 * e.loaded) / e.total) : 0}%)`;
      const all = e.overall && e.overall.total > e.total ? `; ${formatSize(e.overall.loaded)} of ${formatSize(e.overall.total)} in all` : '';
      return `Downloading ${e.file}: ${bytes}${all}`;
    }
    case 'verify':
      return `Verifying ${e.file}…`;
    case 'ready':
      return `Model ready on ${e.backend === 'webgpu' ? 'WebGPU' : 'WASM'}`;
    case 'step':
      return `Step ${e.index} of ${e.total}`;
    case 'done':
      return 'Finishing…';
  }
}
