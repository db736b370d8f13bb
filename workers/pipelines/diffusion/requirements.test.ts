import { describe, expect, it } from 'vitest';
import { SD_TWIN_FILES } from '../../../models/build/sd-twin';
import { SD15_INPAINT_MANIFEST, SD_TURBO_MANIFEST, type DiffusionManifest } from '../../../models/sd/manifest';
import { InpaintError } from '../../../src/shared/errors';
import { WASM32_HEAP_BYTES, checkMemoryRequirements, checkWebgpuRequirements, estimateMemory, hostFacts, webgpuRequirementsApply, type HostFacts } from './requirements';

const host = (deviceMemoryGiB?: number): HostFacts => ({ deviceMemoryGiB, wasmHeapBytes: WASM32_HEAP_BYTES });

/** SD-Turbo pointed at the generated twins, with their real byte counts (as sdTwinOverrides does in the browser). */
function twinManifest(base: DiffusionManifest, unet: string): DiffusionManifest {
  const served: Record<string, string> = {
    vocab: 'sd-vocab.json',
    merges: 'sd-merges.txt',
    text_encoder: 'sd-text-encoder.onnx',
    unet,
    vae_encoder: 'sd-vae-encoder.onnx',
    vae_decoder: 'sd-vae-decoder.onnx',
  };
  return { ...base, files: base.files.map((f) => ({ ...f, url: `twin/${served[f.name]}`, bytes: SD_TWIN_FILES[served[f.name]]().length })) };
}

function thrown(fn: () => void): InpaintError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InpaintError) return e;
    throw e;
  }
  throw new Error('expected an InpaintError');
}

describe('estimateMemory', () => {
  it('counts SD-Turbo on WebGPU as the JS copies plus the UNet twice in the heap while its session is created', () => {
    const e = estimateMemory(SD_TURBO_MANIFEST, 'webgpu', 512);
    expect(e.fileBytes).toBe(2_580_085_000);
    expect(e.largestModelBytes).toBe(1_730_000_000);
    expect(e.wasmHeapBytes).toBe(3_460_000_000);
    expect(e.hostBytes).toBe(6_040_085_000);
    expect(e.activationBytes).toBe(0);
  });
  it('counts SD-Turbo on WASM as fp32 weights in the heap plus the larger of transit and activations', () => {
    const e = estimateMemory(SD_TURBO_MANIFEST, 'wasm', 512);
    // 2 × 2 578 500 000 (four ONNX files) + max(2 × 1 730 000 000, 800 000 000).
    expect(e.wasmHeapBytes).toBe(8_617_000_000);
    expect(e.activationBytes).toBe(800_000_000);
    expect(estimateMemory(SD_TURBO_MANIFEST, 'wasm', 256).activationBytes).toBe(50_000_000);
  });
});

describe('checkMemoryRequirements', () => {
  it('refuses SD-Turbo on WASM: over the 4 GiB wasm32 heap, naming both numbers and WebGPU as the way out', () => {
    const err = thrown(() => checkMemoryRequirements(SD_TURBO_MANIFEST, 'wasm', 'DEFAULT', host(8)));
    expect(err.code).toBe('backend_unavailable');
    expect(err.message).toBe(
      'The WASM backend cannot run "sd-turbo" at 512×512 (rendering_speed DEFAULT): it needs about 8617000000 bytes (8.03 GiB) of WebAssembly memory, ' +
        "and onnxruntime-web's 32-bit WebAssembly heap holds at most 4294967296 bytes (4.00 GiB); " +
        'it needs about 11197085000 bytes (10.43 GiB) of memory, and this device reports 8589934592 bytes (8.00 GiB) (navigator.deviceMemory). ' +
        'What would fit: the WebGPU backend (about 5.63 GiB of memory, on an adapter with shader-f16).',
    );
    expect(err.details).toMatchObject({ model: 'sd-turbo', backend: 'wasm', speed: 'DEFAULT', estimate: { wasmHeapBytes: 8_617_000_000 } });
  });
  it('refuses SD-Turbo on WASM at every speed, and without a known device memory too', () => {
    for (const speed of ['TURBO', 'DEFAULT', 'QUALITY'] as const) {
      expect(thrown(() => checkMemoryRequirements(SD_TURBO_MANIFEST, 'wasm', speed, host(undefined))).code).toBe('backend_unavailable');
    }
  });
  it('refuses the published SD-1.5 inpainting model on WASM as well', () => {
    expect(thrown(() => checkMemoryRequirements(SD15_INPAINT_MANIFEST, 'wasm', 'DEFAULT', host(8))).message).toContain('4294967296 bytes (4.00 GiB)');
  });
  it('lets SD-Turbo run on WebGPU with 8 GiB of device memory, or when the device memory is unknown', () => {
    expect(checkMemoryRequirements(SD_TURBO_MANIFEST, 'webgpu', 'QUALITY', host(8))).toBeUndefined();
    expect(checkMemoryRequirements(SD_TURBO_MANIFEST, 'webgpu', 'QUALITY', host(undefined))).toBeUndefined();
  });
  it('refuses SD-Turbo on WebGPU with 2 GiB of device memory, naming needed and available memory and a bigger device', () => {
    const err = thrown(() => checkMemoryRequirements(SD_TURBO_MANIFEST, 'webgpu', 'DEFAULT', host(2)));
    expect(err.code).toBe('backend_unavailable');
    expect(err.message).toBe(
      'The WebGPU backend cannot run "sd-turbo" at 512×512 (rendering_speed DEFAULT): it needs about 6040085000 bytes (5.63 GiB) of memory, ' +
        'and this device reports 2147483648 bytes (2.00 GiB) (navigator.deviceMemory). What would fit: a device with at least 5.63 GiB of memory.',
    );
    expect(err.details).toMatchObject({ host: { deviceMemoryGiB: 2 }, alternatives: ['a device with at least 5.63 GiB of memory'] });
  });
  it('suggests a smaller speed when that one fits', () => {
    // WASM at 512 needs 0.8 GB of activations for SD-Turbo; a model with tiny files fits at 384 but not at 512 on a 1 GiB device.
    const tiny: DiffusionManifest = { ...SD_TURBO_MANIFEST, files: SD_TURBO_MANIFEST.files.map((f) => ({ ...f, bytes: 50_000_000 })) };
    const err = thrown(() => checkMemoryRequirements(tiny, 'wasm', 'DEFAULT', host(1)));
    expect(err.message).toContain('What would fit: the WebGPU backend (about 0.37 GiB of memory, on an adapter with shader-f16), or rendering_speed TURBO (384×384).');
  });
  it('lets the tiny twins run on both backends, whatever the device memory', () => {
    for (const twin of [twinManifest(SD_TURBO_MANIFEST, 'sd-unet4.onnx'), twinManifest(SD15_INPAINT_MANIFEST, 'sd-unet9.onnx')]) {
      expect(estimateMemory(twin, 'webgpu', 512).hostBytes).toBeLessThan(1 << 20);
      for (const backend of ['webgpu', 'wasm'] as const) {
        for (const memory of [undefined, 2, 8]) {
          expect(checkMemoryRequirements(twin, backend, 'DEFAULT', host(memory))).toBeUndefined();
        }
      }
    }
  });
});

describe('hostFacts', () => {
  it('reports the wasm32 ceiling and no device memory in Node (no navigator.deviceMemory)', () => {
    expect(hostFacts()).toEqual({ deviceMemoryGiB: undefined, wasmHeapBytes: 4_294_967_296 });
  });
});

describe('checkWebgpuRequirements', () => {
  it('names a missing adapter', () => {
    expect(thrown(() => checkWebgpuRequirements(SD_TURBO_MANIFEST, undefined, true)).message).toBe('WebGPU cannot run "sd-turbo": no WebGPU adapter.');
  });
  it('fails on buffers just below the published limit and passes at it', () => {
    const facts = { features: ['shader-f16'], maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30 - 4 };
    expect(thrown(() => checkWebgpuRequirements(SD_TURBO_MANIFEST, facts, true)).details).toEqual({
      model: 'sd-turbo',
      problems: ['its largest buffer is 1073741820 bytes, the model needs 1073741824'],
    });
    expect(checkWebgpuRequirements(SD_TURBO_MANIFEST, { ...facts, maxStorageBufferBindingSize: 2 ** 30 }, true)).toBeUndefined();
  });
});

describe('webgpuRequirementsApply', () => {
  it('applies to any real-size UNet, the published one or a pinned/self-hosted copy, and not to a test twin', () => {
    expect(webgpuRequirementsApply(SD_TURBO_MANIFEST)).toBe(true);
    const pinnedCopy = SD_TURBO_MANIFEST.files.map((f) => ({ ...f, url: `https://cdn.example.com/sd-turbo/${f.name}`, sha256: 'ab'.repeat(32) }));
    expect(webgpuRequirementsApply({ ...SD_TURBO_MANIFEST, files: pinnedCopy })).toBe(true);
    const twin = SD_TURBO_MANIFEST.files.map((f) => ({ ...f, bytes: f.name === 'unet' ? 40_000 : f.bytes }));
    expect(webgpuRequirementsApply({ ...SD_TURBO_MANIFEST, files: twin })).toBe(false);
    expect(webgpuRequirementsApply({ ...SD_TURBO_MANIFEST, files: [] })).toBe(false);
  });
});
