import { describe, expect, it } from 'vitest';
import { chunkChecksum } from './checksum';

function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('chunkChecksum', () => {
  it('is 32 hex digits and stable for the same bytes and index', () => {
    const b = bytes(4096 + 3);
    expect(chunkChecksum(b, 5)).toMatch(/^[0-9a-f]{32}$/);
    expect(chunkChecksum(b.slice(), 5)).toBe(chunkChecksum(b, 5));
  });

  it('changes with any single flipped bit, in the words and in the tail', () => {
    const b = bytes(1000 + 3);
    const base = chunkChecksum(b, 0);
    const seen = new Set([base]);
    for (const at of [0, 1, 2, 3, 4, 500, 997, 999, 1000, 1001, 1002]) {
      for (const bit of [0, 7]) {
        const c = b.slice();
        c[at] ^= 1 << bit;
        seen.add(chunkChecksum(c, 0));
      }
    }
    expect(seen.size).toBe(1 + 11 * 2);
  });

  it('depends on the index (a chunk stored at the wrong place) and on the length (a cut chunk, trailing zeros)', () => {
    const b = bytes(4096);
    expect(chunkChecksum(b, 1)).not.toBe(chunkChecksum(b, 0));
    expect(chunkChecksum(b.subarray(0, 4092), 0)).not.toBe(chunkChecksum(b, 0));
    const zeros = new Uint8Array(4096);
    expect(chunkChecksum(zeros.subarray(0, 4092), 0)).not.toBe(chunkChecksum(zeros, 0));
    expect(chunkChecksum(new Uint8Array(0), 0)).not.toBe(chunkChecksum(new Uint8Array(1), 0));
  });

  it('swapping two words changes it (lanes are not summed blindly)', () => {
    const b = bytes(64);
    const c = b.slice();
    c.set(b.subarray(0, 4), 16);
    c.set(b.subarray(16, 20), 0);
    expect(chunkChecksum(c, 0)).not.toBe(chunkChecksum(b, 0));
  });

  it('reads an unaligned view the same as its aligned copy', () => {
    const big = bytes(4100);
    expect(chunkChecksum(big.subarray(1, 4097), 2)).toBe(chunkChecksum(big.slice(1, 4097), 2));
  });
});
