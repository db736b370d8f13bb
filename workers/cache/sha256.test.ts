import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256, isSha256Hex, sha256Hex } from './sha256';
import { checkModelFile, fileNameOf } from './validate';
import { InpaintError } from '../../src/shared/errors';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('sha256', () => {
  it('matches known vectors', async () => {
    expect(await sha256Hex(new Uint8Array())).toBe(EMPTY);
    const abc = new TextEncoder().encode('abc');
    expect(await sha256Hex(abc)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the same hash streamed in uneven pieces as in one go', async () => {
    const data = Uint8Array.from({ length: 1_000_003 }, (_, i) => (i * 31 + (i >> 7)) & 0xff);
    const streamed = createSha256();
    for (let at = 0; at < data.length; at += 65_537) streamed.update(data.subarray(at, at + 65_537));
    const expected = createHash('sha256').update(data).digest('hex');
    expect(streamed.hex()).toBe(expected);
    expect(await sha256Hex(data)).toBe(expected);
  });

  it('recognises lower-case hex digests only', () => {
    expect(isSha256Hex(EMPTY)).toBe(true);
    expect(isSha256Hex(EMPTY.toUpperCase())).toBe(false);
    expect(isSha256Hex(EMPTY.slice(1))).toBe(false);
  });
});

describe('checkModelFile', () => {
  it('lower-cases the sha256 and names the file after the URL', () => {
    const file = checkModelFile({ url: 'https://h/a/lama_fp32.onnx?x=1', bytes: 10, sha256: EMPTY.toUpperCase() });
    expect(file.sha256).toBe(EMPTY);
    expect(fileNameOf(file)).toBe('lama_fp32.onnx');
    expect(fileNameOf({ url: 'relative/dir/', bytes: 1, sha256: EMPTY })).toBe('relative/dir/');
    // A Hub file is named by its path in the repository: the four model.onnx of a diffusion model differ.
    expect(fileNameOf({ url: 'https://huggingface.co/o/n/resolve/main/unet/model.onnx', bytes: 1, sha256: EMPTY })).toBe('unet/model.onnx');
  });

  it('rejects a broken manifest entry with every problem listed', () => {
    let error: unknown;
    try {
      checkModelFile({ url: '', bytes: -1, sha256: 'abc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InpaintError);
    expect((error as InpaintError).code).toBe('model_integrity');
    expect((error as InpaintError).message).toMatch(/url must be.*bytes must be.*sha256 must be/);
  });
});
