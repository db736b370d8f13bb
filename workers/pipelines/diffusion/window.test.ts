import { describe, expect, it } from 'vitest';
import { SD_TURBO_MANIFEST } from '../../../models/sd/manifest';
import { InpaintError } from '../../../src/shared/errors';
import { checkWebgpuRequirements } from './requirements';
import { planDiffusionWindow } from './window';

describe('planDiffusionWindow', () => {
  it('takes a square window with margin around the hole and scales it to the resolution in multiples of 64', () => {
    const w = planDiffusionWindow({ x: 600, y: 90, width: 120, height: 80 }, 900, 600, 512);
    // side = max(120 + 2·60, 256) = 256, centred on (660, 130): x 532..788, y 2..258.
    expect(w.rect).toEqual({ x: 532, y: 2, width: 256, height: 256 });
    expect([w.runWidth, w.runHeight, w.feather]).toEqual([512, 512, 2]);
  });
  it('clamps to a small image and keeps its aspect in 64-px steps', () => {
    const w = planDiffusionWindow({ x: 10, y: 10, width: 20, height: 20 }, 96, 64, 512);
    expect(w.rect).toEqual({ x: 0, y: 0, width: 96, height: 64 });
    expect([w.runWidth, w.runHeight]).toEqual([512, 320]);
  });
});

describe('checkWebgpuRequirements', () => {
  const good = { features: ['shader-f16'], maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 };
  it('passes a capable adapter and skips replaced files', () => {
    expect(checkWebgpuRequirements(SD_TURBO_MANIFEST, good, true)).toBeUndefined();
    expect(checkWebgpuRequirements(SD_TURBO_MANIFEST, undefined, false)).toBeUndefined();
  });
  it('fails backend_unavailable without shader-f16 or with small buffers, saying what is missing', () => {
    let err: unknown;
    try {
      checkWebgpuRequirements(SD_TURBO_MANIFEST, { features: [], maxBufferSize: 256 << 20, maxStorageBufferBindingSize: 128 << 20 }, true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InpaintError);
    expect((err as InpaintError).code).toBe('backend_unavailable');
    expect((err as InpaintError).message).toBe(
      'WebGPU cannot run "sd-turbo": the adapter lacks the "shader-f16" feature (fp16 weights); its largest buffer is 134217728 bytes, the model needs 1073741824.',
    );
  });
});
