import { describe, expect, it } from 'vitest';
import { ASPECT_PRESETS, clampSide, presetSides } from './aspect';

describe('presetSides', () => {
  it('adds the fewest pixels that give the ratio, split evenly, the image whole and centred', () => {
    expect(presetSides('1:1', 1600, 900)).toEqual({ left: 0, right: 0, top: 350, bottom: 350 });
    expect(presetSides('16:9', 900, 900)).toEqual({ left: 350, right: 350, top: 0, bottom: 0 });
    expect(presetSides('4:5', 1000, 1000)).toEqual({ left: 0, right: 0, top: 125, bottom: 125 });
    expect(presetSides('3:2', 101, 100)).toEqual({ left: 24, right: 25, top: 0, bottom: 0 });
    expect(presetSides('1:1', 500, 500)).toEqual({ left: 0, right: 0, top: 0, bottom: 0 });
  });

  it('every ratio preset lands on its ratio within a pixel when no side is capped', () => {
    for (const p of ASPECT_PRESETS.filter((p) => p.ratio)) {
      for (const [w, h] of [[640, 480], [480, 640], [1000, 1000], [37, 211]]) {
        const s = presetSides(p.id, w, h);
        const W = w + s.left + s.right, H = h + s.top + s.bottom;
        expect(Math.abs(W - H * p.ratio) <= 1 || Math.abs(H - W / p.ratio) <= 1).toBe(true);
      }
    }
  });

  it('caps each side at 2048; "Original" grows both sides by 25 % at the image ratio', () => {
    expect(presetSides('9:16', 4000, 1000)).toEqual({ left: 0, right: 0, top: 2048, bottom: 2048 });
    expect(presetSides('original', 800, 600)).toEqual({ left: 100, right: 100, top: 75, bottom: 75 });
  });

  it('clampSide: integers 0–2048', () => {
    expect([clampSide(-5), clampSide(3.6), clampSide(5000), clampSide(NaN)]).toEqual([0, 4, 2048, 0]);
  });
});
