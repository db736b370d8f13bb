/**
 * Maps of the hole that the expand quilt (expand-quilt.ts) plans with: how deep
 * each hole pixel lies, and the rectangle of known pixels its blocks are copied
 * from. DOM-free and pure.
 */
import type { Rect } from './rect';

/**
 * The rectangle of known pixels inside `within` (w × h hole map): `within` shrunk, one row or
 * column at a time (the edge most hole first), while an edge holds a hole pixel. For an expand canvas (the hole a
 * frame around the original) it is the original less the overlap on its expanded sides.
 * Empty (width or height 0) when nothing known is left.
 *
 * @example
 * knownRect(canvas.hole, canvas.width, canvas.height, canvas.original); // the sources' rectangle
 */
export function knownRect(hole: Uint8Array, w: number, h: number, within: Rect): Rect {
  let x0 = Math.max(0, within.x);
  let y0 = Math.max(0, within.y);
  let x1 = Math.min(w, within.x + within.width);
  let y1 = Math.min(h, within.y + within.height);
  // Hole pixels on an edge row or column, as a fraction of it: the side most hole goes first,
  // so a frame's full-hole columns go before the rows they cross.
  const rowHole = (y: number) => {
    let k = 0;
    for (let x = x0; x < x1; x++) k += hole[y * w + x];
    return k / (x1 - x0);
  };
  const colHole = (x: number) => {
    let k = 0;
    for (let y = y0; y < y1; y++) k += hole[y * w + x];
    return k / (y1 - y0);
  };
  while (x0 < x1 && y0 < y1) {
    const f = [rowHole(y0), rowHole(y1 - 1), colHole(x0), colHole(x1 - 1)];
    const worst = f.indexOf(Math.max(...f));
    if (f[worst] === 0) break;
    if (worst === 0) y0++;
    else if (worst === 1) y1--;
    else if (worst === 2) x0++;
    else x1--;
  }
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
