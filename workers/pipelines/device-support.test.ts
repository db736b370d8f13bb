import { describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry';
import { WASM32_HEAP_BYTES } from './diffusion/requirements';
import { modelSupport, unsupportedModelError, type SupportFacts } from './device-support';

const GPU_F16 = { features: ['shader-f16'], maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31 };
const host = (deviceMemoryGiB?: number) => ({ deviceMemoryGiB, wasmHeapBytes: WASM32_HEAP_BYTES });
const facts = (over: Partial<SupportFacts> = {}): SupportFacts => ({ probe: { webgpu: true }, adapter: GPU_F16, host: host(16), ...over });
/** A software adapter without shader-f16 (as SwiftShader here), with small buffers (made up: SwiftShader here allows 1 GiB). */
const SWIFTSHADER: SupportFacts = {
  probe: { webgpu: true, fallbackAdapter: true, webgpuReason: 'the WebGPU adapter is a software (fallback) adapter, slower than WASM' },
  adapter: { features: [], maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 27 },
  host: host(8),
};

describe('modelSupport', () => {
  it('runs SD-Turbo on a graphics card with shader-f16, and on nothing else here (WASM never holds it)', () => {
    const ok = modelSupport(getModel('sd-turbo'), 'auto', facts());
    expect(ok).toMatchObject({ model: 'sd-turbo', runnable: true, details: [{ backend: 'webgpu', usable: true, problems: [] }, { backend: 'wasm', usable: false }] });
    expect(ok.reason).toBeUndefined();
    expect(ok.details[1].problems[0]).toMatch(/WebAssembly memory, and onnxruntime-web's 32-bit WebAssembly heap holds at most 4294967296 bytes/);
    expect(ok.bytes).toBe(getModel('sd-turbo').files.reduce((s, f) => s + f.bytes, 0));
  });

  it('says "needs a graphics card with 16-bit float support" for no f16, no adapter or a software adapter, and keeps the technical findings', () => {
    const noF16 = modelSupport(getModel('sd-turbo'), 'auto', facts({ adapter: { ...GPU_F16, features: [] } }));
    expect(noF16.runnable).toBe(false);
    expect(noF16.reason).toBe('needs a graphics card with 16-bit float support');
    expect(noF16.details[0].problems).toEqual(['the adapter lacks the "shader-f16" feature (fp16 weights)']);
    const none = modelSupport(getModel('sd15-inpainting'), 'auto', facts({ probe: { webgpu: false, webgpuReason: 'navigator.gpu is not available in this browser' }, adapter: undefined }));
    expect(none.reason).toBe('needs a graphics card with 16-bit float support');
    expect(none.details[0].problems[0]).toBe('no WebGPU: navigator.gpu is not available in this browser');
    for (const preference of ['auto', 'webgpu'] as const) {
      const soft = modelSupport(getModel('sd-turbo'), preference, SWIFTSHADER);
      expect(soft.reason, preference).toBe('needs a graphics card with 16-bit float support');
      // 'auto' does not use a software adapter at all; 'webgpu' would, and it lacks f16 and 1 GiB buffers.
      expect(soft.details[0].problems.some((p) => p.includes('renders in software')), preference).toBe(preference === 'auto');
      expect(soft.details[0].problems, preference).toContain('its largest buffer is 134217728 bytes, the model needs 1073741824');
    }
  });

  it('names small buffers, too little memory, and a WASM-only client in plain words', () => {
    const small = modelSupport(getModel('sd-turbo'), 'auto', facts({ adapter: { ...GPU_F16, maxStorageBufferBindingSize: 2 ** 28 } }));
    expect(small.reason).toBe('needs a graphics card that allows 1.1 GB buffers (this one allows 0.3 GB)');
    const memory = modelSupport(getModel('sd-turbo'), 'auto', facts({ host: host(4) }));
    expect(memory.runnable).toBe(false);
    expect(memory.reason).toMatch(/^needs about [\d.]+ GB of memory, and this device reports 4\.3 GB$/);
    const wasmOnly = modelSupport(getModel('sd-turbo'), 'wasm', facts());
    expect(wasmOnly.reason).toBe('needs WebGPU, and this page runs models on WASM only');
  });

  it('runs every fill model anywhere (WASM), with or without a GPU', () => {
    for (const id of ['builtin-fill', 'migan', 'lama']) {
      for (const f of [facts(), SWIFTSHADER, facts({ probe: { webgpu: false }, adapter: undefined, host: host(1) })]) {
        const s = modelSupport(getModel(id), 'auto', f);
        expect(s.runnable, id).toBe(true);
        expect(s.details.find((d) => d.backend === 'wasm')?.usable, id).toBe(true);
      }
    }
  });

  it('judges small (self-hosted or twin) files by their size: no fp16 requirement applies', () => {
    const twin = { ...getModel('sd-turbo'), files: getModel('sd-turbo').files.map((f) => ({ ...f, bytes: 10_000, sha256: 'a'.repeat(64) })) };
    expect(modelSupport(twin, 'auto', SWIFTSHADER).runnable).toBe(true);
  });

  it('makes a backend_unavailable error that starts with the plain reason and keeps the findings', () => {
    const s = modelSupport(getModel('sd-turbo'), 'auto', SWIFTSHADER);
    const err = unsupportedModelError(s);
    expect(err.code).toBe('backend_unavailable');
    expect(err.message).toMatch(/^This device cannot run "sd-turbo": it needs a graphics card with 16-bit float support\. Details: webgpu: .*shader-f16.*\. wasm: it needs about/);
    expect(err.details).toMatchObject({ model: 'sd-turbo', reason: 'needs a graphics card with 16-bit float support', backends: s.details });
  });
});
