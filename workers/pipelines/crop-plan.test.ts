import { describe, expect, it } from 'vitest';
import type { Rect } from '../../src/shared/pixels';
import { planLamaCrop, planMiganCrop, squareWindow } from './crop-plan';

const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

describe('squareWindow', () => {
  it('centres on the hole and shifts inside the image', () => {
    expect(squareWindow({ x: 1000, y: 1000, width: 40, height: 30 }, 4000, 3000, 512)).toEqual({ x: 764, y: 759, width: 512, height: 512 });
    expect(squareWindow({ x: 3990, y: 5, width: 10, height: 10 }, 4000, 3000, 512)).toEqual({ x: 3488, y: 0, width: 512, height: 512 });
    // Narrower only where the image is.
    expect(squareWindow({ x: 100, y: 50, width: 20, height: 20 }, 900, 300, 512)).toEqual({ x: 0, y: 0, width: 512, height: 300 });
  });
});

describe('planLamaCrop', () => {
  it('runs a small hole in a 12 MP photo on one 512×512 window at 1:1, no feather', () => {
    const hole = { x: 2900, y: 400, width: 60, height: 45 };
    const plan = planLamaCrop(hole, 4000, 3000, 'DEFAULT');
    expect(plan).toEqual({ rect: { x: 2674, y: 167, width: 512, height: 512 }, scale: 1, runWidth: 512, runHeight: 512, feather: 0 });
    expect(contains(plan.rect, hole)).toBe(true);
  });

  it('pads instead of stretching when the image is smaller than 512 on a side', () => {
    const plan = planLamaCrop({ x: 10, y: 10, width: 30, height: 30 }, 700, 200, 'DEFAULT');
    expect(plan).toMatchObject({ rect: { x: 0, y: 0, width: 512, height: 200 }, scale: 1, runWidth: 512, runHeight: 200 });
  });

  it('shrinks a hole larger than 512 to fit, keeping the aspect, with a feather; QUALITY keeps more resolution', () => {
    const hole = { x: 1500, y: 1000, width: 700, height: 560 };
    const def = planLamaCrop(hole, 4000, 3000, 'DEFAULT');
    expect(def.rect).toEqual({ x: 1150, y: 580, width: 1400, height: 1400 }); // 700 + 2·350
    expect(def.scale).toBeCloseTo(512 / 1400, 12);
    expect([def.runWidth, def.runHeight, def.feather]).toEqual([512, 512, 5]);
    const q = planLamaCrop(hole, 4000, 3000, 'QUALITY');
    expect(q.rect.width).toBe(876); // 700 + 2·88
    expect(q.scale).toBeGreaterThan(def.scale);
    expect(q.feather).toBe(3);
    for (const p of [def, q]) expect(contains(p.rect, hole)).toBe(true);
  });

  it('QUALITY runs a mid-size hole at 1:1 where DEFAULT has to shrink it', () => {
    const hole = { x: 600, y: 500, width: 380, height: 300 };
    expect(planLamaCrop(hole, 2000, 1500, 'QUALITY').scale).toBe(1);
    expect(planLamaCrop(hole, 2000, 1500, 'DEFAULT').scale).toBeLessThan(1);
  });
});

describe('planMiganCrop', () => {
  it('covers the graph’s own crop (hole + 2·128, at least 512) plus slack', () => {
    expect(planMiganCrop({ x: 2000, y: 1500, width: 50, height: 40 }, 4000, 3000)).toEqual({ x: 1761, y: 1256, width: 528, height: 528 });
    const big = { x: 100, y: 200, width: 900, height: 300 };
    const rect = planMiganCrop(big, 4000, 3000);
    expect(rect.width).toBe(900 + 256 + 16);
    expect(contains(rect, big)).toBe(true);
  });
});
