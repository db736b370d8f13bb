/** Reading a model's output tensor, checked against what the pipeline will index. */
import { InpaintError } from '../../src/shared/errors';
import type { OrtTensor } from '../runtime/sessions';

/**
 * Reads a model output after checking that its type and dims are exactly what
 * the pipeline will index, and disposes the tensor either way.
 *
 * @param what the subject of the error message, e.g. `'LaMa'` or `'The UNet'`
 * @example
 * const planar = await readOutput(outputs[loaded.outputNames[0]], 'float32', [1, 3, 512, 512], 'LaMa');
 */
export async function readOutput(tensor: OrtTensor, type: 'float32', expected: readonly number[], what: string): Promise<Float32Array>;
export async function readOutput(tensor: OrtTensor, type: 'uint8', expected: readonly number[], what: string): Promise<Uint8Array>;
export async function readOutput(tensor: OrtTensor, type: 'float32' | 'uint8', expected: readonly number[], what: string): Promise<Float32Array | Uint8Array> {
  try {
    const wrong = mismatch(tensor, type, expected, what);
    if (wrong) throw wrong;
    return (await tensor.getData()) as Float32Array | Uint8Array;
  } finally {
    tensor.dispose();
  }
}

/**
 * Checks a model output's type and dims without reading it (a tensor that stays
 * in a GPU buffer for the next model); on a mismatch, disposes it and throws.
 *
 * @example
 * const eps = checkOutput(outputs.out_sample, 'float32', [1, 4, 64, 64], 'The UNet');
 */
export function checkOutput(tensor: OrtTensor, type: 'float32' | 'uint8', expected: readonly number[], what: string): OrtTensor {
  const wrong = mismatch(tensor, type, expected, what);
  if (wrong) {
    tensor.dispose();
    throw wrong;
  }
  return tensor;
}

function mismatch(tensor: OrtTensor, type: 'float32' | 'uint8', expected: readonly number[], what: string): InpaintError | undefined {
  const dims = tensor.dims;
  if (tensor.type === type && dims.length === expected.length && dims.every((d, i) => d === expected[i])) return undefined;
  return new InpaintError('inference', `${what} returned ${tensor.type} [${dims.join(',')}], expected ${type} [${expected.join(',')}].`);
}
