import { describe, expect, it } from 'vitest';
import { deriveSeed, gaussianNoise, mulberry32, uniformNoise } from './rng';

/** mulberry32 exactly as published by bryc (PRNGs.md), as an independent reference. */
function referenceMulberry32(a: number): () => number {
  return () => {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mulberry32', () => {
  it('produces the known first values', () => {
    const a = mulberry32(0);
    expect([a(), a(), a(), a()]).toEqual([1144304738, 1416247, 958946056, 627933444]);
    const b = mulberry32(42);
    expect([b(), b(), b()]).toEqual([2581720956, 1925393290, 3661312704]);
  });

  it('matches the published reference for 1000 draws on several seeds', () => {
    for (const seed of [0, 1, 42, 2147483647]) {
      const ours = mulberry32(seed);
      const ref = referenceMulberry32(seed);
      for (let i = 0; i < 1000; i++) expect(ours() / 4294967296).toBe(ref());
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(uniformNoise(7, 50)).toEqual(uniformNoise(7, 50));
    expect(uniformNoise(7, 50)).not.toEqual(uniformNoise(8, 50));
    const u = uniformNoise(123, 10_000);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });
});

describe('gaussianNoise', () => {
  it('is the Irwin–Hall sum of the 12 bytes of 3 draws, as documented', () => {
    const next = mulberry32(42);
    const bytes = (x: number) => (x & 255) + ((x >>> 8) & 255) + ((x >>> 16) & 255) + (x >>> 24);
    const s = bytes(next()) + bytes(next()) + bytes(next());
    const expected = Math.fround(((s - 1530) / 256) * Math.sqrt(65536 / 65535));
    const g = gaussianNoise(42, 5);
    expect(g[0]).toBe(expected);
    expect(Array.from(g)).toEqual(
      [0.8593815565109253, 1.4843863248825073, -0.30468982458114624, 0.9882888197898865, -0.05468791723251343],
    );
  });

  it('is deterministic: same seed, same sequence; a prefix of a longer run', () => {
    expect(gaussianNoise(99, 1000)).toEqual(gaussianNoise(99, 1000));
    expect(gaussianNoise(99, 1000)).toEqual(gaussianNoise(99, 2000).subarray(0, 1000));
    expect(gaussianNoise(99, 100)).not.toEqual(gaussianNoise(100, 100));
  });

  it('has mean ≈ 0, std ≈ 1, symmetric tails, over 100k samples', () => {
    const n = 100_000;
    const g = gaussianNoise(2024, n);
    let sum = 0, sq = 0, beyond1 = 0, beyond2 = 0, max = 0;
    for (const v of g) {
      sum += v;
      sq += v * v;
      if (Math.abs(v) > 1) beyond1++;
      if (Math.abs(v) > 2) beyond2++;
      max = Math.max(max, Math.abs(v));
    }
    const mean = sum / n;
    const std = Math.sqrt(sq / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.01); // 3σ of the mean is ~0.0095
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
    expect(beyond1 / n).toBeCloseTo(0.3173, 2); // normal: 31.73 % outside ±1σ
    expect(beyond2 / n).toBeCloseTo(0.0455, 2); // normal: 4.55 % outside ±2σ
    expect(max).toBeLessThanOrEqual(6);
  });
});

describe('deriveSeed', () => {
  it('offsets by the image index and wraps inside 0..2147483647', () => {
    expect([0, 1, 2, 3].map((i) => deriveSeed(1000, i))).toEqual([1000, 1001, 1002, 1003]);
    expect(deriveSeed(2147483647, 0)).toBe(2147483647);
    expect(deriveSeed(2147483647, 1)).toBe(0);
    expect(deriveSeed(2147483646, 7)).toBe(5);
  });
});
