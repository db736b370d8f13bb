import { describe, expect, it } from 'vitest';
import { buildExpandCanvas } from '../../src/shared/expand';
import { holeBounds } from '../../src/shared/pixels';
import { planBands } from './expand-bands';

function canvas(w: number, h: number, sides: { left: number; right: number; top: number; bottom: number }) {
  const c = buildExpandCanvas(new Uint8ClampedArray(w * h * 4), w, h, sides);
  return { input: { width: c.width, height: c.height, hole: c.hole, bounds: holeBounds(c.hole, c.width, c.height)! }, original: c.original };
}

describe('planBands', () => {
  it('a border that fits one core needs no bands', () => {
    const { input, original } = canvas(400, 300, { left: 0, right: 200, top: 0, bottom: 0 });
    expect(planBands(input, 512, original)).toEqual(expect.any(Array));
    const narrow = canvas(100, 200, { left: 0, right: 100, top: 0, bottom: 0 });
    expect(planBands(narrow.input, 512, narrow.original)).toBeUndefined();
  });

  it('cores of half the window over the border, nearest the original first, covering every hole pixel', () => {
    const { input, original } = canvas(300, 300, { left: 300, right: 0, top: 0, bottom: 300 });
    const cores = planBands(input, 512, original)!;
    // The cores touching the original (distance 0) come before the far corner.
    expect(cores.at(-1)).toEqual({ x: 0, y: 512, width: 256, height: 88 });
    expect(cores[0]).toEqual({ x: 256, y: 0, width: 256, height: 256 });
    const covered = new Uint8Array(input.hole.length);
    for (const c of cores) for (let y = c.y; y < c.y + c.height; y++) covered.fill(1, y * input.width + c.x, y * input.width + c.x + c.width);
    let missed = 0;
    for (let p = 0; p < input.hole.length; p++) if (input.hole[p] && !covered[p]) missed++;
    expect(missed).toBe(0);
  });
});
