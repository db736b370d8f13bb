import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { LAMA_TWIN_COLOUR, buildLamaTwin } from '../build/lama-twin';
import { LAMA_SIZE } from './manifest';

ort.env.wasm.numThreads = 1;

const PLANE = LAMA_SIZE * LAMA_SIZE;

describe('LaMa twin', () => {
  const image = Float32Array.from({ length: 3 * PLANE }, (_, i) => (i % 256) / 255);
  const hole = (i: number) => i % 1000 === 3;

  async function run(scale: number, holeValue: number) {
    const session = await ort.InferenceSession.create(buildLamaTwin());
    const mask = Float32Array.from({ length: PLANE }, (_, i) => (hole(i) ? holeValue : 0));
    const out = await session.run({
      image: new ort.Tensor('float32', image.map((v) => v * scale), [1, 3, LAMA_SIZE, LAMA_SIZE]),
      mask: new ort.Tensor('float32', mask, [1, 1, LAMA_SIZE, LAMA_SIZE]),
    });
    return { session, output: out.output };
  }

  it('has the real contract: known pixels come back ×255, hole pixels hold 220,40,120', async () => {
    const { session, output } = await run(1, 1);
    expect(session.inputNames).toEqual(['image', 'mask']);
    expect(session.outputNames).toEqual(['output']);
    expect(output.type).toBe('float32');
    expect(output.dims).toEqual([1, 3, 512, 512]);
    const data = output.data as Float32Array;
    for (const i of [0, 3, 1003, 4097, PLANE - 1]) {
      for (let c = 0; c < 3; c++) {
        const expected = hole(i) ? LAMA_TWIN_COLOUR[c] : image[c * PLANE + i] * 255;
        expect(data[c * PLANE + i]).toBeCloseTo(expected, 3);
      }
    }
    expect(data[3]).toBe(220);
  });

  it('darkens the hole when the image is fed as 0..255 instead of 0..1', async () => {
    const { output } = await run(255, 1);
    expect((output.data as Float32Array)[3]).toBeCloseTo(220 / 255, 3);
  });

  it('is deterministic', () => {
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(hash(buildLamaTwin())).toBe(hash(buildLamaTwin()));
  });
});
