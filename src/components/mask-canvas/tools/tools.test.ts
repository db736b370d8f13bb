import { describe, expect, it } from 'vitest';
import { ellipsePolygon } from './ellipse';
import { MASK_TOOLS, MASK_TOOL_LIST, maskTool, maskToolForKey } from './index';

/** Keys the canvas keeps for itself (zoom, fit, size, pan; Ctrl+Z/Y are modified). */
const CANVAS_KEYS = ['+', '=', '-', '0', '[', ']', ' '];

describe('mask tool registry', () => {
  it('lists each tool once with a label, help and a distinct one-letter key the canvas does not use', () => {
    expect(MASK_TOOLS).toEqual(['brush', 'eraser', 'rect', 'ellipse', 'lasso']);
    const keys = MASK_TOOL_LIST.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of MASK_TOOL_LIST) {
      expect(t.key, t.id).toMatch(/^[a-z]$/);
      expect(CANVAS_KEYS, t.id).not.toContain(t.key);
      expect(t.label.length * t.help.length, t.id).toBeGreaterThan(0);
    }
  });

  it('finds tools by id and by key in any case; an unknown id gets the brush', () => {
    expect(maskToolForKey('O')?.id).toBe('ellipse');
    expect(maskToolForKey('q')).toBeUndefined();
    expect(maskTool('lasso').id).toBe('lasso');
    expect(maskTool('spray').id).toBe('brush');
  });
});

describe('ellipsePolygon', () => {
  it('puts every vertex on the ellipse inscribed in the box, about 2 px apart', () => {
    const pts = ellipsePolygon(10, 20, 110, 60);
    expect(pts.length).toBe(Math.ceil((Math.PI * (50 + 20)) / 2));
    for (const [x, y] of pts) expect(((x - 60) / 50) ** 2 + ((y - 40) / 20) ** 2).toBeCloseTo(1, 9);
    expect(pts[0]).toEqual([110, 40]);
    expect(ellipsePolygon(0, 0, 2, 2).length).toBe(16);
  });
});
