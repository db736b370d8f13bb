import { describe, expect, it } from 'vitest';
import { THIN_HOLE_FRACTION, THIN_HOLE_MIN_SIDE, workingSide } from './builtin-fill';

function holeWith(fraction: number, n = 10_000): Uint8Array {
  const hole = new Uint8Array(n);
  hole.fill(1, 0, Math.round(fraction * n));
  return hole;
}

describe('workingSide', () => {
  it('keeps thin holes (scratches) at up to THIN_HOLE_MIN_SIDE even when the speed shrinks more', () => {
    expect(workingSide(1024, holeWith(0.04))).toBe(THIN_HOLE_MIN_SIDE);
    expect(workingSide(1024, holeWith(THIN_HOLE_FRACTION - 0.001))).toBe(2048);
  });
  it('leaves other holes at the speed’s maxSide, and never lowers a larger maxSide', () => {
    expect(workingSide(1024, holeWith(THIN_HOLE_FRACTION))).toBe(1024);
    expect(workingSide(1024, holeWith(0.3))).toBe(1024);
    expect(workingSide(4096, holeWith(0.02))).toBe(4096);
  });
});
