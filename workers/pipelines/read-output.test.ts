import { describe, expect, it } from 'vitest';
import { InpaintError } from '../../src/shared/errors';
import type { OrtTensor } from '../runtime/sessions';
import { checkOutput, readOutput } from './read-output';

function fakeTensor(type: string, dims: number[], data: Float32Array | Uint8Array) {
  const t = { type, dims, disposed: 0, getData: async () => data, dispose: () => void t.disposed++ };
  return t;
}

describe('readOutput', () => {
  it('returns the data of a tensor of the expected type and dims, and disposes it', async () => {
    const data = new Float32Array(6);
    const t = fakeTensor('float32', [1, 3, 1, 2], data);
    await expect(readOutput(t as unknown as OrtTensor, 'float32', [1, 3, 1, 2], 'LaMa')).resolves.toBe(data);
    expect(t.disposed).toBe(1);
  });

  it.each([
    ['the wrong type', 'uint8', [1, 3, 1, 2], 'LaMa returned uint8 [1,3,1,2], expected float32 [1,3,1,2].'],
    ['the wrong dims', 'float32', [1, 3, 2, 1], 'LaMa returned float32 [1,3,2,1], expected float32 [1,3,1,2].'],
    ['the wrong rank', 'float32', [3, 1, 2], 'LaMa returned float32 [3,1,2], expected float32 [1,3,1,2].'],
  ])('rejects %s with an inference error naming both, and still disposes the tensor', async (_, type, dims, message) => {
    const t = fakeTensor(type, dims, new Float32Array(6));
    const err = await readOutput(t as unknown as OrtTensor, 'float32', [1, 3, 1, 2], 'LaMa').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InpaintError);
    expect(err).toMatchObject({ code: 'inference', message });
    expect(t.disposed).toBe(1);
  });
});

describe('checkOutput', () => {
  it('passes a tensor of the expected type and dims through unread and alive (a GPU output for the next model)', () => {
    const t = fakeTensor('float32', [1, 4, 8, 8], new Float32Array(256));
    t.getData = () => Promise.reject(new Error('read'));
    expect(checkOutput(t as unknown as OrtTensor, 'float32', [1, 4, 8, 8], 'The UNet')).toBe(t);
    expect(t.disposed).toBe(0);
  });

  it('disposes and throws on a mismatch, naming both', () => {
    const t = fakeTensor('float32', [1, 4, 8, 4], new Float32Array(128));
    expect(() => checkOutput(t as unknown as OrtTensor, 'float32', [1, 4, 8, 8], 'The UNet')).toThrow('The UNet returned float32 [1,4,8,4], expected float32 [1,4,8,8].');
    expect(t.disposed).toBe(1);
  });
});
