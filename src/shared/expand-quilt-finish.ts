/**
 * The expand quilt's last step (expand-quilt.ts): the structure's coarse colour in
 * place of the quilt's, and the blend with the structure beside the known region.
 * DOM-free and pure.
 */
import { boxBlur } from './texture-kernels';
import type { QuiltParams } from './expand-quilt-params';

/**
 * Writes the quilt `cur` (w × h RGB floats) into the hole of `rgba`, which holds the structure:
 * the quilt's box mean over one block side (`block` px) is moved towards the structure's by
 * `coarseFromStructure`, its detail scaled by `detail`, and pixels within `blendDepth` of the
 * known region (`inward`, Chebyshev) fade to the structure. Each pixel reads its structure
 * before it is written.
 */
export function finishQuilt(rgba: Uint8ClampedArray, cur: Float32Array, hole: Uint8Array, inward: Uint16Array, w: number, h: number, block: number, params: QuiltParams): void {
  const n = w * h;
  // The structure's coarse colour in place of the quilt's, partly.
  const beta = params.coarseFromStructure;
  if (beta > 0) {
    const r = Math.max(1, Math.round(block / 2));
    const plane = new Float32Array(n);
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    const tmp = new Float32Array(n);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < n; i++) plane[i] = cur[i * 3 + c];
      boxBlur(plane, w, h, r, a, tmp);
      for (let i = 0; i < n; i++) plane[i] = rgba[i * 4 + c];
      boxBlur(plane, w, h, r, b, tmp);
      for (let i = 0; i < n; i++) if (hole[i]) cur[i * 3 + c] += beta * (b[i] - a[i]);
    }
  }
  // Blend with the structure beside the known region (each pixel reads its structure before it is written).
  for (let p = 0; p < n; p++) {
    if (!hole[p]) continue;
    const d = inward[p];
    const t = (d >= params.blendDepth ? 1 : d / params.blendDepth) * params.detail;
    for (let c = 0; c < 3; c++) {
      const v = rgba[p * 4 + c] + t * (cur[p * 3 + c] - rgba[p * 4 + c]);
      rgba[p * 4 + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
}
