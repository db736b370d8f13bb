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
 * (the original beside the seam, the blocks placed before), whose mean colour
 * agrees with the structure's there, and which lies near the same place along
 * the border and near the border itself (so the border continues what is beside
 * it rather than collecting pieces from across the photo). It is picked at
 * random among the near-best (so nothing repeats in one offset) with the
 * continuation of a neighbour's copy always among the candidates (so copies stay
 * coherent). Blocks meet along minimum-error cuts inside their overlaps, each block's
 * colour first corrected towards what it overlaps (expand-quilt-cut.ts). The finish
 * (expand-quilt-finish.ts) gives the quilt the coarse colour of the seam's layout
 * carried straight out (the structure's further out), and fades it in from the known
 * pixel beside the seam over half a block.
 *
 * Sources are read from the whole original (`QuiltSource`: the canvas the crop
 * was cut from, not copied), so a border's neighbourhood is not limited to the
 * context crop's strip beside it.
 *
 * Deterministic (mulberry32, fixed order, only +, −, ×, ÷), DOM-free and pure;
 * writes hole pixels only and reads known pixels only as sources.
 */
import { holeBounds } from './pixels';
import type { Rect } from './rect';
import { mulberry32 } from './rng';
import { pasteBlock, pasteScratch } from './expand-quilt-cut';
import { finishQuilt } from './expand-quilt-finish';
import { SLABS, type QuiltParams } from './expand-quilt-params';
import { knownRect } from './expand-quilt-maps';
import { distanceTo } from './texture-kernels';

export { knownRect } from './expand-quilt-maps';
export { EXPAND_QUILT, type QuiltParams } from './expand-quilt-params';

/** Where blocks are copied from: a rectangle of known pixels in a larger image that holds the crop. */
export interface QuiltSource {
  /** RGBA pixels, `width` px a row; only `known` is read. */
  readonly rgba: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  /** Pixels known (no hole) in `rgba`: the original less its overlap. */
  readonly known: Rect;
  /** The crop's top-left in `rgba`. */
  readonly offset: { readonly x: number; readonly y: number };
}

/**
 * Quilts the hole of `rgba` (w × h, holding the structure fill) in place.
 * `thickness` is the border's thickness in px (the widest expanded side); `inner`, the
 * original's place in the crop, tells each block which side it extends; `source` is where
 * blocks come from (default: the crop's own known rectangle).
 *
 * @example
 * quiltBorder(crop, cropHole, w, h, 96, EXPAND_QUILT, seed, { inner, source: { rgba: canvas, width: W, known, offset: rect } });
 */
export function quiltBorder(
  rgba: Uint8ClampedArray,
  hole: Uint8Array,
  w: number,
  h: number,
  thickness: number,
  params: QuiltParams,
  seed: number,
  place: { inner?: Rect; source?: QuiltSource } = {},
): void {
  const n = w * h;
  const box = holeBounds(hole, w, h);
  if (!box) return;
  const { inner } = place;
  const source = place.source ?? { rgba, width: w, known: knownRect(hole, w, h, inner ?? { x: 0, y: 0, width: w, height: h }), offset: { x: 0, y: 0 } };
  const { known, offset } = source;
  const sw = source.width;
  const srcPx = source.rgba;
  const [x0, y0, x1, y1] = [box.x, box.y, box.x + box.width - 1, box.y + box.height - 1];
  // The block shrinks until a window fits in the known rectangle (a small image has little).
  let B = Math.round(Math.min(params.maxBlock, Math.max(params.minBlock, thickness * params.blockFraction)));
  let O = 0;
  let win = 0;
  for (;;) {
    O = Math.max(2, Math.round(B * params.overlapFraction));
    win = B + 2 * O;
    if (win <= known.width && win <= known.height) break;
    if (B <= 4) return;
    B = Math.max(4, Math.round(B * 0.75));
  }
  // Valid source windows' top-left corners (source coordinates): [kx0, kx1] × [ky0, ky1].
  const [kx0, ky0, kx1, ky1] = [known.x, known.y, known.x + known.width - win, known.y + known.height - win];
  const validAt = (x: number, y: number): boolean => x >= kx0 && x <= kx1 && y >= ky0 && y <= ky1;
  const T = Math.max(1, thickness);
  // Working colour (float) and what is filled: known pixels and placed blocks. The structure
  // (the guide) stays in `rgba` until the end.
  const cur = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) cur[i * 3 + c] = rgba[i * 4 + c];
  const filled = new Uint8Array(n);
  for (let i = 0; i < n; i++) filled[i] = hole[i] ? 0 : 1;
  // Blocks cover the hole's box on a grid of pitch B; each block's window is its B × B core grown by O.
  const gx = Math.ceil((x1 - x0 + 1) / B);
  const gy = Math.ceil((y1 - y0 + 1) / B);
  const blocks: { bx: number; by: number; depth: number }[] = [];
  // Chebyshev distance to the nearest known pixel (0 on known pixels).
  const inward = distanceTo(hole, w, h, 0, false);
  for (let j = 0; j < gy; j++) {
    for (let i = 0; i < gx; i++) {
      const bx = x0 + i * B;
      const by = y0 + j * B;
      let depth = 65535;
      for (let y = by; y < Math.min(h, by + B); y++) {
        for (let x = bx; x < Math.min(w, bx + B); x++) {
          const p = y * w + x;
          if (hole[p] && inward[p] < depth) depth = inward[p];
        }
      }
      if (depth < 65535) blocks.push({ bx, by, depth });
    }
  }
  // Outward from the known region, in raster order at equal depth: each block sees the ones nearer the seam.
  blocks.sort((a, b) => a.depth - b.depth || a.by - b.by || a.bx - b.bx);
  const placed = new Map<number, number>();
  const key = (bx: number, by: number) => ((by - y0) / B) * gx + (bx - x0) / B;
  const next = mulberry32(seed ^ 0x2f6b1c3d);
  const costs = new Float64Array(params.candidates + 32);
  const cands = new Int32Array(params.candidates + 32);
  const block = new Float32Array(win * win * 3);
  const scratch = pasteScratch(win, O);
  const seam = { radius: Math.max(0, Math.round(B * params.seamRadius)), floor: params.seamFloor };
  // Per-slab mean colours: the block's reference (gm, gn) and a candidate's (sm, sn).
  const [gm, gn, sm, sn] = [new Float64Array(SLABS * 3), new Float64Array(SLABS), new Float64Array(SLABS * 3), new Float64Array(SLABS)];
  // Per slab: the squared colour distance from the seam strip's mean beyond which a source pixel
  // is an outlier (NaN where the seam gave no strip: corners).
  const gv = new Float64Array(SLABS);
  const { outlier, outlierK } = params;
  const at = (c: number) => [c % sw, (c - (c % sw)) / sw] as const;
  // Which strip of the core a window offset falls in (−1 outside the core), for the cost's inner loop.
  const slabOf = (d: number) => Math.min(SLABS - 1, Math.floor((d * SLABS) / B));
  const slab = new Int8Array(win);
  for (let d = 0; d < win; d++) slab[d] = d >= O && d < O + B ? slabOf(d - O) : -1;

  for (const { bx, by } of blocks) {
    // 1: beside the original's rows (a left or right border), 2: beside its columns, 0: a corner or unknown.
    const cx = bx + B / 2;
    const cy = by + B / 2;
    const besideRows = inner !== undefined && cy >= inner.y && cy < inner.y + inner.height;
    const besideCols = inner !== undefined && cx >= inner.x && cx < inner.x + inner.width;
    const side = besideRows && !besideCols ? 1 : besideCols && !besideRows ? 2 : 0;
    // Which edge of the known rectangle the block extends: +1 right/bottom, −1 left/top.
    const dir = side === 1 ? (cx >= inner!.x + inner!.width / 2 ? 1 : -1) : side === 2 ? (cy >= inner!.y + inner!.height / 2 ? 1 : -1) : 0;
    const wx = bx - O;
    const wy = by - O;
    // The block's window in source coordinates.
    const vx = wx + offset.x;
    const vy = wy + offset.y;
    // The colour the block's core should have on average: beside the original's rows (or
    // columns), the mean of the known strip one block deep along the seam at those rows (what
    // continues into the border: the structure's far side is a smear of the whole edge);
    // in a corner, the structure's mean there.
    // Measured per slab: the core cut across the seam into SLABS strips (rows for a left or right
    // border), so the block's layout is compared too (sky over hills, not their average).
    gm.fill(0);
    gn.fill(0);
    gv.fill(0);
    if (side !== 0) {
      const base = side === 1 ? vy + O : vx + O;
      const [u0, u1] = side === 1 ? [Math.max(ky0, base), Math.min(ky1 + win, base + B)] : [Math.max(kx0, base), Math.min(kx1 + win, base + B)];
      const [k0, k1] = side === 1 ? (dir > 0 ? [kx1 + win - B, kx1 + win] : [kx0, kx0 + B]) : dir > 0 ? [ky1 + win - B, ky1 + win] : [ky0, ky0 + B];
      for (let u = u0; u < u1; u += 2) {
        const l = slabOf(u - base);
        for (let v = k0; v < k1; v += 2) {
          const q = (side === 1 ? u * sw + v : v * sw + u) * 4;
          for (let c = 0; c < 3; c++) {
            gm[l * 3 + c] += srcPx[q + c];
            gv[l] += srcPx[q + c] * srcPx[q + c];
          }
          gn[l]++;
        }
      }
    }
    for (let l = 0; l < SLABS; l++) {
      if (gn[l] > 0) {
        let m2 = 0;
        for (let c = 0; c < 3; c++) m2 += (gm[l * 3 + c] / gn[l]) ** 2;
        // (k · (σ + 12))², σ² the strip's summed channel variance (12: a floor for flat strips, such as sky).
        const sd = Math.sqrt(Math.max(0, gv[l] / gn[l] - m2));
        gv[l] = (outlierK * (sd + 12)) ** 2;
        continue;
      }
      gv[l] = NaN;
      // In a corner, or past the known rows: the structure's mean over the block's core.
      for (let c = 0; c < 3; c++) gm[l * 3 + c] = 0;
      for (let y = Math.max(0, by); y < Math.min(h, by + B); y += 2) {
        for (let x = Math.max(0, bx); x < Math.min(w, bx + B); x += 2) {
          if (slabOf(side === 2 ? x - bx : y - by) !== l) continue;
          const p = (y * w + x) * 4;
          for (let c = 0; c < 3; c++) gm[l * 3 + c] += rgba[p + c];
          gn[l]++;
        }
      }
    }
    for (let l = 0; l < SLABS; l++) for (let c = 0; c < 3; c++) gm[l * 3 + c] /= Math.max(1, gn[l]);
    // Cost of a source window at s (top-left, source index): mean SSD on the window's filled
    // pixels, guide · mean SSD to the structure on its unfilled ones, meanColour · the core
    // means' squared difference, all subsampled by 2; times the position priors, and times
    // 1 + outlier · the share of its core's pixels unlike anything in the seam strip at those rows.
    const cost = (s: number): number => {
      let out = 0;
      let nout = 0;
      let a = 0;
      let na = 0;
      let g = 0;
      let ng = 0;
      sm.fill(0);
      sn.fill(0);
      for (let dy = 0; dy < win; dy += 2) {
        const y = wy + dy;
        if (y < 0 || y >= h) continue;
        const ly = slab[dy];
        for (let dx = 0; dx < win; dx += 2) {
          const x = wx + dx;
          if (x < 0 || x >= w) continue;
          const p = y * w + x;
          const q = (s + dy * sw + dx) * 4;
          const s0 = srcPx[q];
          const s1 = srcPx[q + 1];
          const s2 = srcPx[q + 2];
          const lx = slab[dx];
          if (ly >= 0 && lx >= 0) {
            const l = side === 2 ? lx : ly;
            sm[l * 3] += s0;
            sm[l * 3 + 1] += s1;
            sm[l * 3 + 2] += s2;
            sn[l]++;
            if (outlier > 0) {
              const lim = gv[l];
              if (lim === lim) {
                const d0 = s0 - gm[l * 3];
                const d1 = s1 - gm[l * 3 + 1];
                const d2 = s2 - gm[l * 3 + 2];
                if (d0 * d0 + d1 * d1 + d2 * d2 > lim) out++;
                nout++;
              }
            }
          }
          if (filled[p]) {
            const e0 = cur[p * 3] - s0;
            const e1 = cur[p * 3 + 1] - s1;
            const e2 = cur[p * 3 + 2] - s2;
            a += e0 * e0 + e1 * e1 + e2 * e2;
            na++;
          } else {
            const f0 = rgba[p * 4] - s0;
            const f1 = rgba[p * 4 + 1] - s1;
            const f2 = rgba[p * 4 + 2] - s2;
            g += f0 * f0 + f1 * f1 + f2 * f2;
            ng++;
          }
        }
      }
      let m = 0;
      for (let l = 0; l < SLABS; l++) if (sn[l] > 0) for (let c = 0; c < 3; c++) m += (sm[l * 3 + c] / sn[l] - gm[l * 3 + c]) ** 2 / SLABS;
      const [sx, sy] = at(s);
      const along = side === 1 ? sy - vy : side === 2 ? sx - vx : 0;
      const across = side === 1 ? (dir > 0 ? kx1 - sx : sx - kx0) : side === 2 ? (dir > 0 ? ky1 - sy : sy - ky0) : 0;
      const prior = 1 + params.alongBorder * (along / (2 * B)) ** 2 + params.acrossBorder * (across / T) ** 2;
      return ((na > 0 ? a / na : 0) + params.guide * (ng > 0 ? g / ng : 0) + params.meanColour * m) * prior * (1 + outlier * (nout > 0 ? out / nout : 0));
    };
    let m = 0;
    // Continuations of the placed neighbours' copies (coherence).
    for (const [ox, oy] of [[-B, 0], [0, -B], [B, 0], [0, B]]) {
      const nb = placed.get(key(bx + ox, by + oy));
      if (nb === undefined || bx + ox < x0 || by + oy < y0) continue;
      const [nx, ny] = at(nb);
      if (validAt(nx - ox, ny - oy)) cands[m++] = (ny - oy) * sw + nx - ox;
    }
    const continuations = m;
    // Sources the blocks within two cells took: a random or searched candidate near one of
    // them would repeat that copy at the grid's pitch (tiles), so it is not considered.
    const nearX: number[] = [];
    const nearY: number[] = [];
    for (let oy = -2; oy <= 2; oy++) {
      for (let ox = -2; ox <= 2; ox++) {
        const nx = bx + ox * B;
        const ny = by + oy * B;
        if ((ox === 0 && oy === 0) || nx < x0 || ny < y0) continue;
        const nb = placed.get(key(nx, ny));
        if (nb === undefined) continue;
        nearX.push(nb % sw);
        nearY.push((nb - (nb % sw)) / sw);
      }
    }
    const fresh = (c: number): boolean => {
      const cx = c % sw;
      const cy = (c - cx) / sw;
      for (let k = 0; k < nearX.length; k++) if (Math.abs(cx - nearX[k]) < B && Math.abs(cy - nearY[k]) < B) return false;
      return true;
    };
    const span = (lo: number, hi: number) => lo + (next() % (hi - lo + 1));
    const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
    for (let k = 0; k < params.candidates; k++) {
      let sx = span(kx0, kx1);
      let sy = span(ky0, ky1);
      // Every other candidate near the block's own rows (or columns), and nearer the border
      // more often than not (the square of a uniform draw), where the priors are cheap.
      if (k % 2 === 1 && side !== 0) {
        const u = next() / 4294967296;
        if (side === 1) {
          sy = clamp(vy + span(-2 * B, 2 * B), ky0, ky1);
          sx = dir > 0 ? kx1 - Math.floor(u * u * (kx1 - kx0 + 1)) : kx0 + Math.floor(u * u * (kx1 - kx0 + 1));
        } else {
          sx = clamp(vx + span(-2 * B, 2 * B), kx0, kx1);
          sy = dir > 0 ? ky1 - Math.floor(u * u * (ky1 - ky0 + 1)) : ky0 + Math.floor(u * u * (ky1 - ky0 + 1));
        }
      }
      const c = sy * sw + sx;
      if (fresh(c)) cands[m++] = c;
    }
    if (m === 0) cands[m++] = span(ky0, ky1) * sw + span(kx0, kx1);
    let best = Infinity;
    let bestK = 0;
    for (let k = 0; k < m; k++) {
      costs[k] = cost(cands[k]) * (k < continuations ? params.coherence : 1);
      if (costs[k] < best) {
        best = costs[k];
        bestK = k;
      }
    }
    // Random search around the best in halving windows (PatchMatch's), so a rare kind of source is found precisely.
    for (let r = B; r >= 2 && m < cands.length; r >>= 1) {
      for (let t = 0; t < 2 && m < cands.length; t++) {
        const [c0x, c0y] = at(cands[bestK]);
        const sx = c0x + (next() % (2 * r + 1)) - r;
        const sy = c0y + (next() % (2 * r + 1)) - r;
        if (!validAt(sx, sy) || (bestK >= continuations && !fresh(sy * sw + sx))) continue;
        cands[m] = sy * sw + sx;
        costs[m] = cost(cands[m]);
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
    for (let dy = 0; dy < win; dy++) {
      for (let dx = 0; dx < win; dx++) {
        const q = (s + dy * sw + dx) * 4;
        const o = (dy * win + dx) * 3;
        block[o] = srcPx[q];
        block[o + 1] = srcPx[q + 1];
        block[o + 2] = srcPx[q + 2];
      }
    }
    pasteBlock(cur, filled, hole, w, h, block, { wx, wy, win, overlap: O }, scratch, seam);
  }
  // The known rectangle in crop coordinates: the finish carries the seam's layout out from it.
  const kx = Math.max(0, known.x - offset.x);
  const ky = Math.max(0, known.y - offset.y);
  const cropKnown = { x: kx, y: ky, width: Math.min(w, known.x - offset.x + known.width) - kx, height: Math.min(h, known.y - offset.y + known.height) - ky };
  finishQuilt(rgba, cur, hole, inward, w, h, B, params, { known: cropKnown, thickness: T });
}
