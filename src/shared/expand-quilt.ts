/**
 * Texture for an expand's border: image quilting (Efros & Freeman 2001,
 * "Image Quilting for Texture Synthesis and Transfer"), guided by the smooth
 * structure fill.
 *
 * Far from the known pixels the built-in fill's structure is an extrapolated
 * smear, and detail copied over it (texture.ts) is grain on a smear: no blades,
 * stems or shapes continue into the border. Here the border is tiled with whole
 * blocks of the photo instead, placed outward from the known region: each block
 * is the source whose pixels best agree with what is already there around it
 * (the original beside the seam, the blocks placed before) plus, weakly, with
 * the structure's colour where nothing is yet, picked at random among the
 * near-best (so nothing repeats in one offset) with the continuation of a
 * neighbour's copy always among the candidates (so copies stay coherent).
 * Overlaps are feathered, and the result is blended with the structure over the
 * first `blendDepth` px of the hole, so no seam shows.
 *
 * Deterministic (mulberry32, fixed order, only +, −, ×, ÷), DOM-free and pure;
 * writes hole pixels only and reads known pixels only as sources.
 */
import { holeBounds } from './pixels';
import { mulberry32 } from './rng';

export interface QuiltParams {
  /** Block side as a fraction of the border's thickness, clamped to [minBlock, maxBlock] px. */
  readonly blockFraction: number;
  readonly minBlock: number;
  readonly maxBlock: number;
  /** Overlap of neighbouring blocks as a fraction of the block side. */
  readonly overlapFraction: number;
  /** Random candidate sources per block (plus the neighbours' continuations). */
  readonly candidates: number;
  /** A block is drawn among the candidates whose cost is within (1 + tolerance) of the best. */
  readonly tolerance: number;
  /** Weight of the structure's colour on the block's unfilled pixels against the overlap's agreement. */
  readonly guide: number;
  /** A neighbour's continuation competes at this fraction of its cost (< 1: coherent copies grow). */
  readonly coherence: number;
  /**
   * How much of the quilt's coarse colour (box mean over one block side) is replaced by the
   * structure's: 0 none, 1 all. Block-to-block colour steps are coarse, and the structure's
   * coarse colour is the better estimate of the truth's far from the seam.
   */
  readonly coarseFromStructure: number;
  /**
   * Prior for sources at the same place along the border: the cost grows by
   * alongBorder · (Δ / 2B)², Δ the source's offset from the block along the side it extends
   * (rows for a left or right border, columns for a top or bottom one): sky beside sky,
   * gravel beside gravel. Across the border a source is free to come from anywhere.
   */
  readonly alongBorder: number;
  /** Hole pixels this deep (Chebyshev, from the known region) take the quilt fully; shallower ones blend with the structure. */
  readonly blendDepth: number;
}

export const EXPAND_QUILT: QuiltParams = {
  blockFraction: 0.25,
  minBlock: 12,
  maxBlock: 128,
  overlapFraction: 0.25,
  candidates: 300,
  tolerance: 0.1,
  guide: 1,
  coherence: 0.8,
  alongBorder: 0.25,
  coarseFromStructure: 1,
  blendDepth: 12,
};

/**
 * Quilts the hole of `rgba` (w × h, holding the structure fill) in place.
 * `thickness` is the border's thickness in px (the widest expanded side); `inner`, the
 * original's place in the crop, tells each block which side it extends.
 */
export function quiltBorder(rgba: Uint8ClampedArray, hole: Uint8Array, w: number, h: number, thickness: number, params: QuiltParams, seed: number, inner?: { x: number; y: number; width: number; height: number }): void {
  const n = w * h;
  const box = holeBounds(hole, w, h);
  if (!box) return;
  const [x0, y0, x1, y1] = [box.x, box.y, box.x + box.width - 1, box.y + box.height - 1];
  // Integral image of the hole map: a source window is valid when it holds no hole pixel.
  const integral = new Int32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += hole[y * w + x];
      integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
    }
  }
  // The block shrinks until some windows of the crop's known part hold one (a small
  // image's crop has only a thin strip of context beside its border).
  let B = Math.round(Math.min(params.maxBlock, Math.max(params.minBlock, thickness * params.blockFraction)));
  let O = 0;
  let win = 0;
  let sw = 0;
  let sh = 0;
  const valid: number[] = [];
  const validAt = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < sw && y < sh &&
    integral[(y + win) * (w + 1) + x + win] - integral[y * (w + 1) + x + win] - integral[(y + win) * (w + 1) + x] + integral[y * (w + 1) + x] === 0;
  for (;;) {
    O = Math.max(2, Math.round(B * params.overlapFraction));
    win = B + 2 * O;
    sw = w - win + 1;
    sh = h - win + 1;
    const stride = Math.max(1, Math.floor(O / 2));
    for (let y = 0; y < sh; y += stride) for (let x = 0; x < sw; x += stride) if (validAt(x, y)) valid.push(y * w + x);
    if (valid.length > 0) break;
    if (B <= 4) return;
    B = Math.max(4, Math.round(B * 0.75));
  }
  // Working colour (float), the structure (guide), and what is filled: known pixels and placed blocks.
  const cur = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) cur[i * 3 + c] = rgba[i * 4 + c];
  const guide = cur.slice();
  const filled = new Uint8Array(n);
  for (let i = 0; i < n; i++) filled[i] = hole[i] ? 0 : 1;
  // Blocks cover the hole's box on a grid of pitch B; each block's window is its B × B core grown by O.
  const gx = Math.ceil((x1 - x0 + 1) / B);
  const gy = Math.ceil((y1 - y0 + 1) / B);
  const blocks: { bx: number; by: number; depth: number }[] = [];
  const inward = distanceToKnown(hole, w, h);
  for (let j = 0; j < gy; j++) {
    for (let i = 0; i < gx; i++) {
      const bx = x0 + i * B;
      const by = y0 + j * B;
      let any = false;
      let depth = 65535;
      for (let y = by; y < Math.min(h, by + B); y++) {
        for (let x = bx; x < Math.min(w, bx + B); x++) {
          const p = y * w + x;
          if (!hole[p]) continue;
          any = true;
          if (inward[p] < depth) depth = inward[p];
        }
      }
      if (any) blocks.push({ bx, by, depth });
    }
  }
  // Outward from the known region, in raster order at equal depth: each block sees the ones nearer the seam.
  blocks.sort((a, b) => a.depth - b.depth || a.by - b.by || a.bx - b.bx);
  const placed = new Map<number, number>();
  const key = (bx: number, by: number) => ((by - y0) / B) * gx + (bx - x0) / B;
  const next = mulberry32(seed ^ 0x2f6b1c3d);
  const costs = new Float64Array(params.candidates + 32);
  const cands = new Int32Array(params.candidates + 32);

  for (const { bx, by } of blocks) {
    // 1: beside the original's rows (a left or right border), 2: beside its columns, 0: a corner or unknown.
    const cx = bx + B / 2;
    const cy = by + B / 2;
    const besideRows = inner !== undefined && cy >= inner.y && cy < inner.y + inner.height;
    const besideCols = inner !== undefined && cx >= inner.x && cx < inner.x + inner.width;
    const side = besideRows && !besideCols ? 1 : besideCols && !besideRows ? 2 : 0;
    const wx = bx - O;
    const wy = by - O;
    // Cost of a source window at s (top-left index): mean SSD on the window's filled pixels
    // plus guide · mean SSD to the structure on its unfilled ones, both subsampled by 2.
    const cost = (s: number, best: number): number => {
      let a = 0;
      let na = 0;
      let g = 0;
      let ng = 0;
      for (let dy = 0; dy < win; dy += 2) {
        const y = wy + dy;
        if (y < 0 || y >= h) continue;
        for (let dx = 0; dx < win; dx += 2) {
          const x = wx + dx;
          if (x < 0 || x >= w) continue;
          const p = y * w + x;
          const q = (s + dy * w + dx) * 3;
          const e0 = cur[p * 3] - cur[q];
          const e1 = cur[p * 3 + 1] - cur[q + 1];
          const e2 = cur[p * 3 + 2] - cur[q + 2];
          if (filled[p]) {
            a += e0 * e0 + e1 * e1 + e2 * e2;
            na++;
          } else {
            const f0 = guide[p * 3] - cur[q];
            const f1 = guide[p * 3 + 1] - cur[q + 1];
            const f2 = guide[p * 3 + 2] - cur[q + 2];
            g += f0 * f0 + f1 * f1 + f2 * f2;
            ng++;
          }
        }
      }
      const sx = s % w;
      const along = side === 1 ? (s - sx) / w - wy : side === 2 ? sx - wx : 0;
      const prior = 1 + params.alongBorder * (along / (2 * B)) ** 2;
      return ((na > 0 ? a / na : 0) + params.guide * (ng > 0 ? g / ng : 0)) * prior;
    };
    let m = 0;
    // Continuations of the placed neighbours' copies (coherence).
    for (const [ox, oy] of [[-B, 0], [0, -B], [B, 0], [0, B]]) {
      const nb = placed.get(key(bx + ox, by + oy));
      if (nb === undefined || bx + ox < x0 || by + oy < y0) continue;
      const sx = (nb % w) - ox;
      const sy = (nb - (nb % w)) / w - oy;
      if (validAt(sx, sy)) cands[m++] = sy * w + sx;
    }
    const continuations = m;
    // Sources the blocks within two cells took: a random or searched candidate near one of
    // them would repeat that copy at the grid's pitch (tiles), so it is not considered.
    const near: number[] = [];
    for (let oy = -2; oy <= 2; oy++) {
      for (let ox = -2; ox <= 2; ox++) {
        const cx = bx + ox * B;
        const cy = by + oy * B;
        if ((ox === 0 && oy === 0) || cx < x0 || cy < y0) continue;
        const nb = placed.get(key(cx, cy));
        if (nb !== undefined) near.push(nb);
      }
    }
    const fresh = (c: number): boolean => {
      const cx = c % w;
      const cy = (c - cx) / w;
      for (const q of near) {
        const qx = q % w;
        if (Math.abs(cx - qx) < B && Math.abs(cy - (q - qx) / w) < B) return false;
      }
      return true;
    };
    for (let k = 0; k < params.candidates; k++) {
      const c = valid[next() % valid.length];
      if (fresh(c)) cands[m++] = c;
    }
    if (m === 0) cands[m++] = valid[next() % valid.length];
    let best = Infinity;
    let bestK = 0;
    for (let k = 0; k < m; k++) {
      costs[k] = cost(cands[k], best) * (k < continuations ? params.coherence : 1);
      if (costs[k] < best) {
        best = costs[k];
        bestK = k;
      }
    }
    // Random search around the best in halving windows (PatchMatch's), so a rare kind of source is found precisely.
    for (let r = B; r >= 2 && m < cands.length; r >>= 1) {
      for (let t = 0; t < 2 && m < cands.length; t++) {
        const c0 = cands[bestK];
        const sx = (c0 % w) + (next() % (2 * r + 1)) - r;
        const sy = (c0 - (c0 % w)) / w + (next() % (2 * r + 1)) - r;
        if (!validAt(sx, sy) || (bestK >= continuations && !fresh(sy * w + sx))) continue;
        cands[m] = sy * w + sx;
        costs[m] = cost(cands[m], best);
        if (costs[m] < best) {
          best = costs[m];
          bestK = m;
        }
        m++;
      }
    }
    // Drawn among the near-best, so one good source does not repeat down the whole border.
    const limit = best * (1 + params.tolerance) + 1e-9;
    let count = 0;
    for (let k = 0; k < m; k++) if (costs[k] <= limit) count++;
    let pick = next() % count;
    let s = cands[0];
    for (let k = 0; k < m; k++) {
      if (costs[k] > limit) continue;
      if (pick-- === 0) {
        s = cands[k];
        break;
      }
    }
    placed.set(key(bx, by), s);
    // Paste (Efros & Freeman's minimum error boundary cut): in each strip of 2·O along a side
    // of the window, the cheapest 8-connected path through the squared difference between
    // what is there and the new block; filled pixels beyond a cut (towards that side) keep
    // their value, with a 1 px half blend on the cut. Unfilled hole pixels take the block.
    const err = new Float64Array(win * win);
    for (let dy = 0; dy < win; dy++) {
      const y = wy + dy;
      for (let dx = 0; dx < win; dx++) {
        const x = wx + dx;
        if (y < 0 || y >= h || x < 0 || x >= w) continue;
        const p = y * w + x;
        if (!filled[p]) continue;
        const q = (s + dy * w + dx) * 3;
        const e0 = cur[p * 3] - cur[q];
        const e1 = cur[p * 3 + 1] - cur[q + 1];
        const e2 = cur[p * 3 + 2] - cur[q + 2];
        err[dy * win + dx] = e0 * e0 + e1 * e1 + e2 * e2;
      }
    }
    // keep[i]: 0 take the block, 1 keep, 0.5 on a cut.
    const keep = new Float32Array(win * win);
    const strip = Math.min(2 * O, win);
    for (let side = 0; side < 4; side++) {
      // Side 0 left, 1 right, 2 top, 3 bottom: u runs along the side, v across the strip from the side inward.
      const at = (u: number, v: number) => (side === 0 ? u * win + v : side === 1 ? u * win + (win - 1 - v) : side === 2 ? v * win + u : (win - 1 - v) * win + u);
      let any = false;
      for (let u = 0; u < win && !any; u++) for (let v = 0; v < strip; v++) if (err[at(u, v)] > 0) any = true;
      if (!any) continue;
      const acc = new Float64Array(win * strip);
      for (let u = 0; u < win; u++) {
        for (let v = 0; v < strip; v++) {
          let prev = 0;
          if (u > 0) {
            prev = acc[(u - 1) * strip + v];
            if (v > 0 && acc[(u - 1) * strip + v - 1] < prev) prev = acc[(u - 1) * strip + v - 1];
            if (v < strip - 1 && acc[(u - 1) * strip + v + 1] < prev) prev = acc[(u - 1) * strip + v + 1];
          }
          acc[u * strip + v] = prev + err[at(u, v)];
        }
      }
      let v = 0;
      for (let k = 1; k < strip; k++) if (acc[(win - 1) * strip + k] < acc[(win - 1) * strip + v]) v = k;
      for (let u = win - 1; u >= 0; u--) {
        if (u < win - 1) {
          let b = v;
          for (const c of [v - 1, v + 1]) if (c >= 0 && c < strip && acc[u * strip + c] < acc[u * strip + b]) b = c;
          v = b;
        }
        for (let k = 0; k < v; k++) keep[at(u, k)] = 1;
        if (keep[at(u, v)] < 0.5) keep[at(u, v)] = 0.5;
      }
    }
    // A hard cut shows where the two disagree in colour: it is softened over a few pixels.
    const soft = new Float32Array(win * win);
    boxBlur(keep, win, win, Math.max(1, Math.round(O / 4)), soft, new Float32Array(win * win));
    for (let dy = 0; dy < win; dy++) {
      const y = wy + dy;
      if (y < 0 || y >= h) continue;
      for (let dx = 0; dx < win; dx++) {
        const x = wx + dx;
        if (x < 0 || x >= w) continue;
        const p = y * w + x;
        if (!hole[p]) continue;
        const q = (s + dy * w + dx) * 3;
        const t = filled[p] ? 1 - soft[dy * win + dx] : 1;
        for (let c = 0; c < 3; c++) cur[p * 3 + c] += t * (cur[q + c] - cur[p * 3 + c]);
        filled[p] = 1;
      }
    }
  }
  // The structure's coarse colour in place of the quilt's, partly.
  const beta = params.coarseFromStructure;
  if (beta > 0) {
    const r = Math.max(1, Math.round(B / 2));
    const plane = new Float32Array(n);
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    const tmp = new Float32Array(n);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < n; i++) plane[i] = cur[i * 3 + c];
      boxBlur(plane, w, h, r, a, tmp);
      for (let i = 0; i < n; i++) plane[i] = guide[i * 3 + c];
      boxBlur(plane, w, h, r, b, tmp);
      for (let i = 0; i < n; i++) if (hole[i]) cur[i * 3 + c] += beta * (b[i] - a[i]);
    }
  }
  // Blend with the structure beside the known region.
  for (let p = 0; p < n; p++) {
    if (!hole[p]) continue;
    const d = inward[p];
    const a = d >= params.blendDepth ? 1 : d / params.blendDepth;
    for (let c = 0; c < 3; c++) {
      const v = guide[p * 3 + c] + a * (cur[p * 3 + c] - guide[p * 3 + c]);
      rgba[p * 4 + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
}

/** Chebyshev distance of each pixel to the nearest known pixel (0 on known pixels; two-pass chamfer). */
function distanceToKnown(hole: Uint8Array, w: number, h: number): Uint16Array {
  const INF = 65535;
  const d = new Uint16Array(w * h);
  for (let i = 0; i < w * h; i++) d[i] = hole[i] ? INF : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!d[i]) continue;
      let m = INF;
      if (x > 0) m = Math.min(m, d[i - 1]);
      if (y > 0) m = Math.min(m, d[i - w], x > 0 ? d[i - w - 1] : INF, x < w - 1 ? d[i - w + 1] : INF);
      if (m + 1 < d[i]) d[i] = m + 1;
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (!d[i]) continue;
      let m = INF;
      if (x < w - 1) m = Math.min(m, d[i + 1]);
      if (y < h - 1) m = Math.min(m, d[i + w], x > 0 ? d[i + w - 1] : INF, x < w - 1 ? d[i + w + 1] : INF);
      if (m + 1 < d[i]) d[i] = m + 1;
    }
  }
  return d;
}

/** Separable box blur of radius r with replicated edges, into `out`; `tmp` is scratch. */
function boxBlur(src: Float32Array, w: number, h: number, r: number, out: Float32Array, tmp: Float32Array): void {
  const k = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = 0;
    for (let i = -r; i <= r; i++) s += src[row + (i < 0 ? 0 : i >= w ? w - 1 : i)];
    for (let x = 0; x < w; x++) {
      tmp[row + x] = s / k;
      const ad = x + r + 1;
      const sb = x - r;
      s += src[row + (ad >= w ? w - 1 : ad)] - src[row + (sb < 0 ? 0 : sb)];
    }
  }
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let i = -r; i <= r; i++) s += tmp[(i < 0 ? 0 : i >= h ? h - 1 : i) * w + x];
    for (let y = 0; y < h; y++) {
      out[y * w + x] = s / k;
      const ad = y + r + 1;
      const sb = y - r;
      s += tmp[(ad >= h ? h - 1 : ad) * w + x] - tmp[(sb < 0 ? 0 : sb) * w + x];
    }
  }
}
