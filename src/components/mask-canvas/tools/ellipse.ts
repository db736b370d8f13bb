import { boxDragTool } from './box-drag';
import type { Point } from './tool';

/**
 * The vertices of the ellipse inscribed in the box [x0, x1) × [y0, y1), one
 * every ~2 px of its perimeter (at least 16), so the filled polygon is within
 * a fraction of a pixel of the curve.
 */
export function ellipsePolygon(x0: number, y0: number, x1: number, y1: number): Point[] {
  const [cx, cy, rx, ry] = [(x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2];
  const n = Math.max(16, Math.ceil((Math.PI * (rx + ry)) / 2));
  return Array.from({ length: n }, (_, i): Point => [cx + rx * Math.cos((2 * Math.PI * i) / n), cy + ry * Math.sin((2 * Math.PI * i) / n)]);
}

/** Drag the box of an ellipse to add it to the mask; with Alt, to remove it. */
export const ELLIPSE = boxDragTool({
  id: 'ellipse',
  label: 'Ellipse',
  key: 'o',
  help: 'drag an ellipse',
  outline([x0, y0, x1, y1]) {
    const [rx, ry] = [(x1 - x0) / 2, (y1 - y0) / 2];
    return rx && ry ? `M${x0} ${y0 + ry}a${rx} ${ry} 0 1 0 ${2 * rx} 0a${rx} ${ry} 0 1 0 ${-2 * rx} 0Z` : '';
  },
  fill: (ctx, box, erase) => ctx.layer.polygon(ellipsePolygon(...box), erase),
});
