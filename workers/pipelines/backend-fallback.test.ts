import { describe, expect, it } from 'vitest';
import { InpaintError } from '../../src/shared/errors';
import { BackendMemory, describeFailure, isBackendIndependent, isKnownLamaWebgpuFailure } from './backend-fallback';

const JSEP_ADD = "[WebGPU] Kernel \"[Add] /generator/model/model.5/Add_1\" failed. Error: Can't perform binary op on the given tensors";

describe('backend fallback', () => {
  it('recognises the LaMa JSEP Add failure and names it in the record', () => {
    expect(isKnownLamaWebgpuFailure(JSEP_ADD)).toBe(true);
    expect(isKnownLamaWebgpuFailure("Non-zero status code returned while running Add node. Attempting to broadcast an axis by a dimension other than 1. 64 by 32")).toBe(true);
    expect(isKnownLamaWebgpuFailure('[WebGPU] Kernel "[Conv] /Conv" failed. Error: out of memory')).toBe(false);
    expect(describeFailure('lama', 'webgpu', new Error(JSEP_ADD))).toMatch(/known upstream issue: this LaMa export fails on JSEP WebGPU/);
    expect(describeFailure('migan', 'webgpu', new Error(JSEP_ADD))).toBe(JSEP_ADD);
    expect(describeFailure('lama', 'wasm', new Error(JSEP_ADD))).toBe(JSEP_ADD);
  });

  it('remembers a WebGPU failure per model and skips that backend for it only, saying why', () => {
    const memory = new BackendMemory();
    memory.remember('lama', 'webgpu', 'Add broadcast');
    memory.remember('lama', 'wasm', 'ignored: WASM is the last resort');
    expect(memory.filter('lama', ['webgpu', 'wasm'])).toEqual({
      order: ['wasm'],
      skipped: [{ backend: 'webgpu', message: 'not tried: "lama" failed on webgpu earlier in this worker (Add broadcast)' }],
    });
    expect(memory.filter('migan', ['webgpu', 'wasm'])).toEqual({ order: ['webgpu', 'wasm'], skipped: [] });
    expect(memory.filter('lama', ['wasm'])).toEqual({ order: ['wasm'], skipped: [] });
  });

  it('never retries errors that another backend cannot fix', () => {
    for (const code of ['image_decode', 'invalid_request', 'model_fetch', 'model_integrity', 'cache_quota'] as const) {
      expect(isBackendIndependent(new InpaintError(code, 'x'))).toBe(true);
    }
    expect(isBackendIndependent(new DOMException('stop', 'AbortError'))).toBe(true);
    expect(isBackendIndependent(new InpaintError('backend_unavailable', 'x'))).toBe(false);
    expect(isBackendIndependent(new InpaintError('inference', 'x'))).toBe(false);
    expect(isBackendIndependent(new Error(JSEP_ADD))).toBe(false);
  });
});
