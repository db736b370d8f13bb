/**
 * freeNow in Chromium, where ArrayBuffer.prototype.transfer exists: what it
 * detaches and what it leaves alone. (How much memory that gives back at a
 * 12 MP task's peak is measured, not tested: node bench/lab/twelve-trace.mjs.)
 */
import { describe, expect, it } from 'vitest';
import { freeNow } from './free-now';

describe('freeNow', () => {
  it('detaches a whole buffer that script made: every view of it reads as empty', () => {
    const a = new Float32Array(1 << 20).fill(3);
    const alias = new Uint8Array(a.buffer);
    freeNow(a);
    expect(a.length).toBe(0);
    expect(alias.length).toBe(0);
    expect((a.buffer as ArrayBuffer & { detached: boolean }).detached).toBe(true);
  });

  it('takes several views, skips null and undefined, and a second call on the same view is harmless', () => {
    const a = new Uint8Array(64);
    const b = new Int32Array(16);
    freeNow(a, undefined, b, null);
    expect([a.length, b.length]).toEqual([0, 0]);
    expect(() => freeNow(a, b)).not.toThrow();
  });

  it('leaves alone a view of part of a buffer, an empty buffer and a wasm memory', () => {
    const whole = new Uint8Array(100).fill(7);
    const part = whole.subarray(10, 20);
    freeNow(part);
    expect(part.length).toBe(10);
    expect(whole[50]).toBe(7);
    const empty = new Uint8Array(0);
    freeNow(empty);
    expect((empty.buffer as ArrayBuffer & { detached: boolean }).detached).toBe(false);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new Uint8Array(memory.buffer);
    heap[5] = 9;
    expect(() => freeNow(heap)).not.toThrow();
    expect(new Uint8Array(memory.buffer)[5]).toBe(9);
  });
});
