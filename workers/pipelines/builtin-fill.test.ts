import { describe, expect, it } from 'vitest';
import { COMPACT_HOLE_FRACTION, THIN_HOLE_FRACTION, THIN_HOLE_MIN_SIDE, builtinPadSize, workingSide } from './builtin-fill';
import { BUILTIN_SPEED_PARAMS } from '../../models/builtin/graph';

/** A crop of `n` pixels, `fraction` of them hole. */
function holeWith(fraction: number, n = 10_000): { holes: number; pixels: number } {
  return { holes: Math.round(fraction * n), pixels: n };
}

describe('workingSide', () => {
  it('keeps thin holes (scratches) at up to THIN_HOLE_MIN_SIDE even when the speed shrinks more', () => {
    expect(workingSide(512, holeWith(0.04))).toBe(THIN_HOLE_MIN_SIDE);
    expect(workingSide(512, holeWith(THIN_HOLE_FRACTION - 0.001))).toBe(1024);
  });
  it('leaves other holes at the speed’s maxSide, and never lowers a larger maxSide', () => {
    expect(workingSide(512, holeWith(THIN_HOLE_FRACTION))).toBe(512);
    expect(workingSide(512, holeWith(0.3))).toBe(512);
    expect(workingSide(4096, holeWith(0.02))).toBe(4096);
  });
  it('runs compact holes (a blob) at the speed’s compactSide, other holes not', () => {
    expect(workingSide(512, holeWith(COMPACT_HOLE_FRACTION), 256)).toBe(256);
    expect(workingSide(512, holeWith(0.4), 256)).toBe(256);
    expect(workingSide(512, holeWith(COMPACT_HOLE_FRACTION - 0.001), 256)).toBe(512);
    expect(workingSide(512, holeWith(0.04), 256)).toBe(THIN_HOLE_MIN_SIDE);
    // Never raised above maxSide.
    expect(workingSide(512, holeWith(0.4), 1024)).toBe(512);
  });
  it('runs DEFAULT’s compact holes at 512 px and its brush strokes and scratches at 1024 px or more', () => {
    // Issue 15: a blob's structure at 512 halves its model stage (blob hole PSNR 15.54 → 15.51 on the dev corpus).
    const { maxSide, compactSide } = BUILTIN_SPEED_PARAMS.DEFAULT;
    expect(workingSide(maxSide, holeWith(0.3), compactSide)).toBe(512);
    expect(workingSide(maxSide, holeWith(0.12), compactSide)).toBe(1024);
    expect(workingSide(maxSide, holeWith(0.04), compactSide)).toBe(THIN_HOLE_MIN_SIDE);
    expect(BUILTIN_SPEED_PARAMS.QUALITY.compactSide).toBeUndefined();
  });
  it('decides from the hole and pixel counts at the fractions’ edges', () => {
    expect(workingSide(512, { holes: 100, pixels: 1000 }, 256)).toBe(512);
    expect(workingSide(512, { holes: 200, pixels: 1000 }, 256)).toBe(256);
    expect(workingSide(512, { holes: 79, pixels: 1000 }, 256)).toBe(THIN_HOLE_MIN_SIDE);
  });
});

describe('builtinPadSize', () => {
  it('pads each side to a multiple, and to at least two multiples so the coarsest level is 2×2 or more', () => {
    expect(builtinPadSize(1, 1, 64)).toEqual({ width: 128, height: 128 });
    expect(builtinPadSize(33, 200, 128)).toEqual({ width: 256, height: 256 });
    expect(builtinPadSize(3000, 20, 64)).toEqual({ width: 3008, height: 128 });
    expect(builtinPadSize(129, 128, 64)).toEqual({ width: 192, height: 128 });
  });
});
