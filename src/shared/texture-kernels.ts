/**
 * The inner kernels of the built-in fill's texture and rim (texture.ts): box
 * blurs, the Chebyshev distance map, pull-push, and the patch and per-pixel
 * source costs. Typed arrays and plain loops only, no allocation in the hot
 * loops; the floating-point operations are +, −, ×, ÷ and √ in a fixed order,
 * so every engine gives the same bytes. DOM-free and pure.
 */

/**
 * Smooth interpolation of `v` from the pixels where `m` is 1 to every pixel
 * (pull-push: masked 2×2 means up a pyramid, then down again, each level
 * keeping its own mean where it has data and blending in the bilinear
 * upsampling of the coarser one where it has less than one pixel's worth).
 * Values where `m` is 0 are ignored; the result is 0 everywhere if no pixel is known.
 * `scratch`, a free buffer, holds the levels where it has room (about 2/3 of a float a pixel).
 */
export function pullPush(v: Float32Array, m: Float32Array, w: number, h: number, out: Float32Array = new Float32Array(w * h), scratch?: Float32Array): Float32Array {
  // The levels' sums and weights are carved from `scratch` (zeroed first) while it has room.
  let free = 0;
  const level = (size: number): Float32Array => {
    if (scratch && free + size <= scratch.length) {
      const a = scratch.subarray(free, free + size).fill(0);
      free += size;
      return a;
    }
    return new Float32Array(size);
  };
  // Level 0 is v·m and m themselves, read in place (`out` may be `v`: each
  // pixel reads its own value before writing it); levels 1… are stored.
  const sums: Float32Array[] = [];
  const weights: Float32Array[] = [];
  const widths: number[] = [w];
  const heights: number[] = [h];
  let sum: Float32Array | null = null;
  let wt: Float32Array | null = null;
  let lw = w;
  let lh = h;
  while (lw > 1 || lh > 1) {
    const nw = (lw + 1) >> 1;
    const nh = (lh + 1) >> 1;
    const s2 = level(nw * nh);
    const w2 = level(nw * nh);
    for (let y = 0; y < lh; y++) {
      for (let x = 0; x < lw; x++) {
        const i = y * lw + x;
        const j = (y >> 1) * nw + (x >> 1);
        if (sum && wt) {
          s2[j] += sum[i];
          w2[j] += wt[i];
        } else if (m[i] > 0) {
          s2[j] += v[i] * m[i];
          w2[j] += m[i];
        }
      }
    }
    sums.push(s2);
    weights.push(w2);
    widths.push(nw);
    heights.push(nh);
    sum = s2;
    wt = w2;
    lw = nw;
    lh = nh;
  }
  const top = sums.length;
  if (top === 0) {
    out[0] = m[0] > 0 ? (v[0] * m[0]) / m[0] : 0;
    return out;
  }
  let val: Float32Array = new Float32Array(1);
  val[0] = weights[top - 1][0] > 0 ? sums[top - 1][0] / weights[top - 1][0] : 0;
  for (let l = top - 1; l >= 0; l--) {
    const cw = widths[l + 1];
    const ch = heights[l + 1];
    const lw2 = widths[l];
    const lh2 = heights[l];
    // Level l's result goes over its own sums (each pixel reads its sum and weight before
    // writing): no plane per level.
    const next = l === 0 ? out : sums[l - 1];
    const S = l > 0 ? sums[l - 1] : null;
    const Wt = l > 0 ? weights[l - 1] : null;
    // Bilinear sample of the coarser level at each pixel's centre.
    const ys = halfResTaps(lh2, ch);
    const xs = halfResTaps(lw2, cw);
    for (let y = 0; y < lh2; y++) {
      const y0 = ys.i0[y];
      const y1 = ys.i1[y];
      const ty = ys.t[y];
      for (let x = 0; x < lw2; x++) {
        const x0 = xs.i0[x];
        const x1 = xs.i1[x];
        const tx = xs.t[x];
        const top0 = val[y0 * cw + x0] + (val[y0 * cw + x1] - val[y0 * cw + x0]) * tx;
        const bot0 = val[y1 * cw + x0] + (val[y1 * cw + x1] - val[y1 * cw + x0]) * tx;
        const parent = top0 + (bot0 - top0) * ty;
        const i = y * lw2 + x;
        const wi = Wt ? Wt[i] : m[i] > 0 ? m[i] : 0;
        const si = S ? S[i] : m[i] > 0 ? Math.fround(v[i] * m[i]) : 0;
        const a = wi >= 1 ? 1 : wi;
        next[i] = a > 0 ? a * (si / wi) + (1 - a) * parent : parent;
      }
    }
    val = next;
  }
  return out;
}


/** Squared distance of the low-pass colours (interleaved RGB) at offsets `a` and `b`. */
export function loDistance(lo: Float32Array, a: number, b: number): number {
  const e0 = lo[a] - lo[b];
  const e1 = lo[a + 1] - lo[b + 1];
  const e2 = lo[a + 2] - lo[b + 2];
  return e0 * e0 + e1 * e1 + e2 * e2;
}

/**
 * The per-pixel scans' cost of source `s` for hole pixel `p` at (x, y): the
 * low-pass colour at the pixel and at the taps `oL … oD` (2 px away on each axis),
 * times `lw`, so that a source on an edge of the photo does not match the smooth
 * structure around a hole pixel; plus the 8 neighbours' detail luma `dl` (real
 * on known pixels, the copied one on hole pixels that have a source), row by
 * row. Stops once ≥ `best` (a row at a time).
 */
export function sourceCost(
  lo: Float32Array,
  dl: Float32Array,
  hole: Uint8Array,
  src: Int32Array,
  w: number,
  h: number,
  p: number,
  x: number,
  y: number,
  s: number,
  oL: number,
  oR: number,
  oU: number,
  oD: number,
  lw: number,
  best: number,
): number {
  let d = 0;
  d += loDistance(lo, p * 3, s * 3);
  d += loDistance(lo, (p + oL) * 3, (s + oL) * 3);
  d += loDistance(lo, (p + oR) * 3, (s + oR) * 3);
  d += loDistance(lo, (p + oU) * 3, (s + oU) * 3);
  d += loDistance(lo, (p + oD) * 3, (s + oD) * 3);
  d *= lw;
  const left = x > 0;
  const right = x < w - 1;
  let e = 0;
  // A hole neighbour without a source has no detail (yet) and is skipped.
  if (y > 0) {
    const q = p - w;
    const r = s - w;
    if (left && !(hole[q - 1] && src[q - 1] < 0)) {
      e = dl[q - 1] - dl[r - 1];
      d += e * e;
    }
    if (!(hole[q] && src[q] < 0)) {
      e = dl[q] - dl[r];
      d += e * e;
    }
    if (right && !(hole[q + 1] && src[q + 1] < 0)) {
      e = dl[q + 1] - dl[r + 1];
      d += e * e;
    }
    if (d >= best) return d;
  }
  if (left && !(hole[p - 1] && src[p - 1] < 0)) {
    e = dl[p - 1] - dl[s - 1];
    d += e * e;
  }
  if (right && !(hole[p + 1] && src[p + 1] < 0)) {
    e = dl[p + 1] - dl[s + 1];
    d += e * e;
  }
  if (d >= best) return d;
  if (y < h - 1) {
    const q = p + w;
    const r = s + w;
    if (left && !(hole[q - 1] && src[q - 1] < 0)) {
      e = dl[q - 1] - dl[r - 1];
      d += e * e;
    }
    if (!(hole[q] && src[q] < 0)) {
      e = dl[q] - dl[r];
      d += e * e;
    }
    if (right && !(hole[q + 1] && src[q + 1] < 0)) {
      e = dl[q + 1] - dl[r + 1];
      d += e * e;
    }
  }
  return d;
}

/** Sum of squared feature differences of two patches wholly inside the crop; stops once ≥ `best`. */
export function patchDistance(feat: Float32Array, t: number, s: number, offs: Int32Array, nc: number, best: number): number {
  let d = 0;
  for (let k = 0; k < offs.length; k++) {
    const a = (t + offs[k]) * 4;
    const b = (s + offs[k]) * 4;
    let e = feat[a] - feat[b];
    d += e * e;
    e = feat[a + 1] - feat[b + 1];
    d += e * e;
    e = feat[a + 2] - feat[b + 2];
    d += e * e;
    if (nc === 4) {
      e = feat[a + 3] - feat[b + 3];
      d += e * e;
    }
    if (d >= best) return d;
  }
  return d;
}

/** {@link patchDistance} for a target patch that crosses the crop's edge (its samples clamp to it). */
export function patchDistanceClamped(
  feat: Float32Array,
  tx: number,
  ty: number,
  s: number,
  w: number,
  h: number,
  R: number,
  sp: number,
  nc: number,
  best: number,
): number {
  let d = 0;
  for (let dy = -R; dy <= R; dy++) {
    let yy = ty + dy * sp;
    yy = yy < 0 ? 0 : yy >= h ? h - 1 : yy;
    for (let dx = -R; dx <= R; dx++) {
      let xx = tx + dx * sp;
      xx = xx < 0 ? 0 : xx >= w ? w - 1 : xx;
      const a = (yy * w + xx) * 4;
      const b = (s + dy * sp * w + dx * sp) * 4;
      for (let c = 0; c < nc; c++) {
        const e = feat[a + c] - feat[b + c];
        d += e * e;
      }
    }
    if (d >= best) return d;
  }
  return d;
}

export function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/**
 * {@link boxBlur} of three interleaved channels at once: channel c of pixel i is
 * `src[i·srcStride + c]`, written to `out[i·outStride + c]`. The same sums in the same
 * order as three single-channel blurs, so the same values, without copying each channel
 * out and back. The horizontal sums live in a ring of 2r + 2 rows (`tmp`, if it holds
 * 3·w·(2r + 2) floats), not a plane; `out` may be `src` (same strides): row y is written
 * after every row that reads it has been summed. `srcRow` is the distance of `src`'s rows
 * in elements (default w·srcStride): a window of a larger image is read in place.
 */
export function boxBlur3(
  src: ArrayLike<number>,
  srcStride: number,
  out: Float32Array,
  outStride: number,
  w: number,
  h: number,
  r: number,
  tmp?: Float32Array,
  srcRow = w * srcStride,
): void {
  if (r <= 0) {
    for (let y = 0, i = 0; y < h; y++) {
      for (let x = 0, j = y * srcRow; x < w; x++, i++, j += srcStride) {
        out[i * outStride] = src[j];
        out[i * outStride + 1] = src[j + 1];
        out[i * outStride + 2] = src[j + 2];
      }
    }
    return;
  }
  const k = 2 * r + 1;
  const ss = srcStride;
  const clampX = (i: number) => (i < 0 ? 0 : i >= w ? w - 1 : i);
  const x0 = Math.min(w, r);
  const x1 = Math.max(x0, w - r - 1);
  const slots = 2 * r + 2;
  const ring = tmp && tmp.length >= 3 * w * slots ? tmp : new Float32Array(3 * w * slots);
  /** The horizontal pass of row y into its slot of the ring; returns the slot's offset. */
  const horizontal = (y: number): number => {
    const row = y * srcRow;
    const base = (y % slots) * w * 3;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let i = -r; i <= r; i++) {
      const j = row + clampX(i) * ss;
      s0 += src[j];
      s1 += src[j + 1];
      s2 += src[j + 2];
    }
    // The index clamps only where the window leaves the row.
    for (let x = 0; x < w; x++) {
      const t = base + x * 3;
      ring[t] = s0 / k;
      ring[t + 1] = s1 / k;
      ring[t + 2] = s2 / k;
      const a = row + (x >= x0 && x < x1 ? x + r + 1 : clampX(x + r + 1)) * ss;
      const b = row + (x >= x0 && x < x1 ? x - r : clampX(x - r)) * ss;
      s0 += src[a] - src[b];
      s1 += src[a + 1] - src[b + 1];
      s2 += src[a + 2] - src[b + 2];
    }
    return base;
  };
  const slotOf = (y: number): number => ((y < 0 ? 0 : y >= h ? h - 1 : y) % slots) * w * 3;
  // Vertical pass row by row: running sums per column and channel, over rows 0 … r + 1 first.
  const acc = new Float64Array(w * 3);
  const ready = Math.min(h, r + 2);
  for (let y = 0; y < ready; y++) horizontal(y);
  for (let i = -r; i <= r; i++) {
    const row = slotOf(i);
    for (let x = 0; x < w * 3; x++) acc[x] += ring[row + x];
  }
  for (let y = 0; y < h; y++) {
    const row = y * w;
    // Row y + r + 1 (read before row y is written) takes the slot of row y − r − 1, no longer needed.
    const next = y + r + 1;
    const add = next < h ? (next >= ready ? horizontal(next) : slotOf(next)) : slotOf(h - 1);
    const sub = slotOf(y - r);
    for (let x = 0; x < w; x++) {
      const o = (row + x) * outStride;
      const t = x * 3;
      out[o] = acc[t] / k;
      out[o + 1] = acc[t + 1] / k;
      out[o + 2] = acc[t + 2] / k;
      acc[t] += ring[add + t] - ring[sub + t];
      acc[t + 1] += ring[add + t + 1] - ring[sub + t + 1];
      acc[t + 2] += ring[add + t + 2] - ring[sub + t + 2];
    }
  }
}

/**
 * Separable box blur of radius r with replicated edges (running sums), into `out`. The
 * horizontal sums live in a ring of 2r + 2 rows (in `tmp` when it holds that many, else
 * allocated), not a plane; `out` may be `src`: row y is written after every row that reads
 * it has been summed.
 */
export function boxBlur(
  src: Float32Array,
  w: number,
  h: number,
  r: number,
  out: Float32Array = new Float32Array(w * h),
  tmp?: Float32Array,
): Float32Array {
  if (r <= 0) {
    if (out !== src) out.set(src);
    return out;
  }
  boxBlurRows(
    w,
    h,
    r,
    (y) => src.subarray(y * w, y * w + w),
    (y, row) => out.set(row, y * w),
    tmp,
  );
  return out;
}

/**
 * {@link boxBlur} a row at a time, for a plane that is never held whole: `rowAt(y)` gives
 * source row y (read at once, so it may reuse one buffer; rows are asked for in order, each
 * once), `emit(y, row)` takes output row y in order (`row` is reused: copy what you keep).
 * The same numbers as {@link boxBlur}, which is this with a plane on both ends. Rows y + r + 1
 * are asked for before row y is emitted.
 */
export function boxBlurRows(
  w: number,
  h: number,
  r: number,
  rowAt: (y: number) => ArrayLike<number>,
  emit: (y: number, row: Float32Array) => void,
  tmp?: Float32Array,
): void {
  const line = new Float32Array(w);
  if (r <= 0) {
    for (let y = 0; y < h; y++) {
      const src = rowAt(y);
      for (let x = 0; x < w; x++) line[x] = src[x];
      emit(y, line);
    }
    return;
  }
  const k = 2 * r + 1;
  const clampX = (i: number) => (i < 0 ? 0 : i >= w ? w - 1 : i);
  const slots = 2 * r + 2;
  const ring = tmp && tmp.length >= w * slots ? tmp : new Float32Array(w * slots);
  // The index clamps only where the window leaves the row.
  const x0 = Math.min(w, r);
  const x1 = Math.max(x0, w - r - 1);
  /** The horizontal pass of row y into its slot of the ring; returns the slot's offset. */
  const horizontal = (y: number): number => {
    const src = rowAt(y);
    const base = (y % slots) * w;
    let s = 0;
    for (let i = -r; i <= r; i++) s += src[clampX(i)];
    let x = 0;
    for (; x < x0; x++) {
      ring[base + x] = s / k;
      s += src[clampX(x + r + 1)] - src[clampX(x - r)];
    }
    for (; x < x1; x++) {
      ring[base + x] = s / k;
      s += src[x + r + 1] - src[x - r];
    }
    for (; x < w; x++) {
      ring[base + x] = s / k;
      s += src[clampX(x + r + 1)] - src[clampX(x - r)];
    }
    return base;
  };
  const slotOf = (y: number): number => ((y < 0 ? 0 : y >= h ? h - 1 : y) % slots) * w;
  // Vertical pass row by row (cache-friendly): running sums per column, over rows 0 … r + 1 first.
  const acc = new Float64Array(w);
  const ready = Math.min(h, r + 2);
  for (let y = 0; y < ready; y++) horizontal(y);
  for (let i = -r; i <= r; i++) {
    const row = slotOf(i);
    for (let x = 0; x < w; x++) acc[x] += ring[row + x];
  }
  for (let y = 0; y < h; y++) {
    // Row y + r + 1 (read before row y is emitted) takes the slot of row y − r − 1, no longer needed.
    const next = y + r + 1;
    const add = next < h ? (next >= ready ? horizontal(next) : slotOf(next)) : slotOf(h - 1);
    const sub = slotOf(y - r);
    for (let x = 0; x < w; x++) {
      line[x] = acc[x] / k;
      acc[x] += ring[add + x] - ring[sub + x];
    }
    emit(y, line);
  }
}

/**
 * Chebyshev (chessboard) distance of every pixel to the nearest pixel whose hole
 * value is `target`: 0 on such pixels. With `edge`, the outside of the image
 * counts as a target too (a pixel on the border has distance 1).
 */
export function distanceTo(hole: Uint8Array, w: number, h: number, target: 0 | 1, edge: boolean): Uint16Array {
  return chamfer(hole, w, h, target, edge, new Uint16Array(w * h), 65535);
}

/**
 * {@link distanceTo} in a byte a pixel, saturated: min(distance, 255), the same value below
 * 255. For callers that only compare the distance with thresholds under 255.
 */
export function distanceToCapped(hole: Uint8Array, w: number, h: number, target: 0 | 1, edge: boolean): Uint8Array {
  return chamfer(hole, w, h, target, edge, new Uint8Array(w * h), 255);
}

/**
 * The two chamfer passes into `d`, with `INF` the largest value it holds: min and +1 commute
 * with capping there, so a byte map saturates at 255 and agrees with the exact map below it.
 */
function chamfer<T extends Uint8Array | Uint16Array>(hole: Uint8Array, w: number, h: number, target: 0 | 1, edge: boolean, d: T, INF: number): T {
  const outside = edge ? 0 : INF;
  for (let i = 0; i < w * h; i++) d[i] = hole[i] === target ? 0 : INF;
  // Two raster passes of the 3×3 chamfer; plain compares (integers, the same result as Math.min).
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      if (d[i] === 0) continue;
      let m = x > 0 ? d[i - 1] : outside;
      if (y > 0) {
        const r = i - w;
        let v = d[r];
        if (v < m) m = v;
        v = x > 0 ? d[r - 1] : outside;
        if (v < m) m = v;
        v = x < w - 1 ? d[r + 1] : outside;
        if (v < m) m = v;
      } else if (outside < m) m = outside;
      if (m + 1 < d[i]) d[i] = m + 1;
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1, i = y * w + w - 1; x >= 0; x--, i--) {
      if (d[i] === 0) continue;
      let m = x < w - 1 ? d[i + 1] : outside;
      if (y < h - 1) {
        const r = i + w;
        let v = d[r];
        if (v < m) m = v;
        v = x > 0 ? d[r - 1] : outside;
        if (v < m) m = v;
        v = x < w - 1 ? d[r + 1] : outside;
        if (v < m) m = v;
      } else if (outside < m) m = outside;
      if (m + 1 < d[i]) d[i] = m + 1;
    }
  }
  return d;
}

/**
 * For each of `n` samples at full resolution, the two neighbouring samples of a
 * level of `coarse` samples at half resolution and the weight of the second:
 * centre-aligned (x → (x + 0.5) / 2 − 0.5), clamped at both ends.
 */
function halfResTaps(n: number, coarse: number): { i0: Int32Array; i1: Int32Array; t: Float64Array } {
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const t = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    let f = (x + 0.5) / 2 - 0.5;
    f = f < 0 ? 0 : f > coarse - 1 ? coarse - 1 : f;
    i0[x] = Math.floor(f);
    i1[x] = i0[x] + 1 < coarse ? i0[x] + 1 : i0[x];
    t[x] = f - i0[x];
  }
  return { i0, i1, t };
}
