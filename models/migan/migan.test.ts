import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { MIGAN_TWIN_COLOUR, buildMiganTwin } from '../build/migan-twin';

ort.env.wasm.numThreads = 1;

describe('MI-GAN twin', () => {
  const W = 5;
  const H = 3;
  const image = Uint8Array.from({ length: 3 * W * H }, (_, i) => (i * 7) % 256);
  const holeAt = new Set([1, 7, 13]); // (1,0), (2,1), (3,2)

  async function run(maskKnown: number) {
    const session = await ort.InferenceSession.create(buildMiganTwin());
    const mask = Uint8Array.from({ length: W * H }, (_, i) => (holeAt.has(i) ? 0 : maskKnown));
    const out = await session.run({
      image: new ort.Tensor('uint8', image, [1, 3, H, W]),
      mask: new ort.Tensor('uint8', mask, [1, 1, H, W]),
    });
    return { session, out };
  }

  it('has the real contract and writes RGB 10,200,30 into hole pixels, passing known pixels through', async () => {
    const { session, out } = await run(255);
    expect(session.inputNames).toEqual(['image', 'mask']);
    expect(session.outputNames).toEqual(['result']);
    const result = out.result;
    expect(result.type).toBe('uint8');
    expect(result.dims).toEqual([1, 3, H, W]);
    const data = result.data as Uint8Array;
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < W * H; i++) {
        expect(data[c * W * H + i]).toBe(holeAt.has(i) ? MIGAN_TWIN_COLOUR[c] : image[c * W * H + i]);
      }
    }
  });

  it('turns the hole black when the mask is 0/1 instead of 0/255 (range mistakes show)', async () => {
    const { out } = await run(1);
    const data = out.result.data as Uint8Array;
    // colour / 255 < 1, and Cast to uint8 truncates.
    expect([data[1], data[W * H + 1], data[2 * W * H + 1]]).toEqual([0, 0, 0]);
  });

  it('is deterministic', () => {
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(hash(buildMiganTwin())).toBe(hash(buildMiganTwin()));
  });
});
