/**
 * The expand quilt's last step (expand-quilt.ts): a target's coarse colour in place
 * of the quilt's, and the fade from the known pixels into the quilt beside them.
 * The target is the seam's own layout carried straight out near the seam and the
 * structure's far from it: the structure alone is a smear of the whole edge with a
 * step at the seam (a flat grey-green across the ladybird's green leaves and blue
 * bokeh). DOM-free and pure.
 */
import { boxBlur } from './texture-kernels';
import type { QuiltParams } from './expand-quilt-params';
import type { Rect } from './rect';

/**
 * Writes the quilt `cur` (w × h RGB floats) into the hole of `rgba`, which holds the structure:
 * the quilt's box mean over one block side (`block` px) is moved by `coarseFromStructure`
 * towards the target's, the target being λ · the crop's coarse colour at the hole pixel's
 * nearest point half a block inside `layout.known` + (1 − λ) · the structure, λ going from
 * `layoutFromEdge` at the seam to `layoutFar` `layout.thickness` px out (without `layout`:
 * the structure). Its detail over the target is scaled by `detail`, and over the first
 * max(`blendDepth`, `blendFraction` · block) px (`inward`, Chebyshev) it fades in from the
 * nearest known pixel (with the layout) or the structure. Each pixel reads its structure
 * before it is written.
 */
export function finishQuilt(
  rgba: Uint8ClampedArray,
  cur: Float32Array,
  hole: Uint8Array,
  inward: Uint16Array,
  w: number,
  h: number,
  block: number,
  params: QuiltParams,
  layout?: { known: Rect; thickness: number },
): void {
  const n = w * h;
  const r = Math.max(1, Math.round(block / 2));
  const known = layout?.known;
  const [l0, l1] = known && known.width > 0 && known.height > 0 ? [params.layoutFromEdge, params.layoutFar] : [0, 0];
  const useEdge = l0 > 0 || l1 > 0;
  const T = Math.max(1, layout?.thickness ?? 1);
  const [kx0, kx1] = known ? inset(known.x, known.width, r) : [0, 0];
  const [ky0, ky1] = known ? inset(known.y, known.height, r) : [0, 0];
  const ramp = Math.max(1, params.blendDepth, Math.round(block * params.blendFraction));
  const beta = params.coarseFromStructure;
  const plane = new Float32Array(n);
  const a = new Float32Array(n);
  const tmp = new Float32Array(n);
  // The crop's coarse colour (known pixels, the structure in the hole) on the perimeter of the
  // inset known rectangle, where hole pixels' edge points lie: top and bottom rows, then left and right columns.
  const [rw, rh] = [kx1 - kx0 + 1, ky1 - ky0 + 1];
  const rim = new Float32Array(useEdge ? 2 * (rw + rh) : 0);
  // λ: how much of the target is the edge point's colour, from layoutFromEdge at the seam to layoutFar a thickness out.
  const lambda = (i: number) => l0 + (inward[i] >= T ? 1 : inward[i] / T) * (l1 - l0);
  // A hole pixel's edge point (the nearest point of the inset rectangle) as an index into `rim`, −1 inside it.
  const edge = (x: number, y: number) => {
    const ex = x < kx0 ? kx0 : x > kx1 ? kx1 : x;
    if (y <= ky0) return ex - kx0;
    if (y >= ky1) return rw + ex - kx0;
    if (x <= kx0) return 2 * rw + y - ky0;
    if (x >= kx1) return 2 * rw + rh + y - ky0;
    return -1;
  };
  // The nearest known pixel (the known rectangle's edge itself, not inset).
  const [nx0, nx1, ny0, ny1] = known ? [known.x, known.x + known.width - 1, known.y, known.y + known.height - 1] : [0, 0, 0, 0];
  const nearest = (x: number, y: number) => (y < ny0 ? ny0 : y > ny1 ? ny1 : y) * w + (x < nx0 ? nx0 : x > nx1 ? nx1 : x);
  for (let c = 0; c < 3; c++) {
    if (useEdge) {
      for (let i = 0; i < n; i++) plane[i] = rgba[i * 4 + c];
      boxBlur(plane, w, h, r, a, tmp);
      for (let x = kx0; x <= kx1; x++) {
        rim[x - kx0] = a[ky0 * w + x];
        rim[rw + x - kx0] = a[ky1 * w + x];
      }
      for (let y = ky0; y <= ky1; y++) {
        rim[2 * rw + y - ky0] = a[y * w + kx0];
        rim[2 * rw + rh + y - ky0] = a[y * w + kx1];
      }
    }
    // The target per hole pixel: (1 − λ) · the structure + λ · its edge point's coarse colour.
    const base = (x: number, y: number, p: number): number => {
      const e = useEdge ? edge(x, y) : -1;
      if (e < 0) return rgba[p * 4 + c];
      const l = lambda(p);
      return (1 - l) * rgba[p * 4 + c] + l * rim[e];
    };
    if (beta > 0) {
      // The quilt's coarse colour moved towards the target's: blur(target − quilt) = blur(target) − blur(quilt), one blur.
      for (let y = 0, i = 0; y < h; y++) for (let x = 0; x < w; x++, i++) plane[i] = (hole[i] ? base(x, y, i) : rgba[i * 4 + c]) - cur[i * 3 + c];
      boxBlur(plane, w, h, r, a, tmp);
      for (let i = 0; i < n; i++) if (hole[i]) cur[i * 3 + c] += beta * a[i];
    }
    // Fade to the base beside the known region (the structure, or towards the edge point's coarse colour with λ).
    for (let y = 0, p = 0; y < h; y++) {
      for (let x = 0; x < w; x++, p++) {
        if (!hole[p]) continue;
        const d = inward[p];
        const t = (d >= ramp ? 1 : d / ramp) * params.detail;
        let s = base(x, y, p);
        // With the edge layout the seam itself continues the nearest known pixel, fading into the base over the ramp.
        if (useEdge && d < ramp) s += (1 - d / ramp) * (rgba[nearest(x, y) * 4 + c] - s);
        const v = s + t * (cur[p * 3 + c] - s);
        rgba[p * 4 + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
}

/** [lo, hi]: the span [start, start + size) shrunk by r at both ends (its middle when it is narrower than 2r + 1). */
function inset(start: number, size: number, r: number): [number, number] {
  if (size > 2 * r) return [start + r, start + size - 1 - r];
  const mid = start + Math.floor((size - 1) / 2);
  return [mid, mid];
}
