/**
 * Texture for the built-in fill: after the smooth structure solve has filled the
 * hole (low frequencies, edges continued), this module
 *
 * 1. **`smoothRim`** re-solves, at full resolution, the hole pixels within a few
 *    pixels of the known region as a biharmonic (C¹-smooth) interpolant with
 *    Gauss–Seidel sweeps, the deeper hole held fixed. Thin scratches lie wholly
 *    in that rim, so they get a full-resolution biharmonic fill (what wins on
 *    thin lines); the rim of a large hole loses the blur of the working-size upsampling.
 * 2. **`synthesizeTexture`** copies real high frequencies from the known region
 *    into the hole. A PatchMatch nearest-neighbour field (Barnes et al. 2009) on
 *    a strided grid of the full-size image matches each hole patch (its
 *    low-pass colour at the grid's scale, and the detail luma already
 *    synthesized or known around it) to a fully known patch of the crop. Then
 *    every hole pixel gets its own source at full resolution: scans in a fixed
 *    order let it take a neighbour's source shifted by one pixel (coherence, as
 *    in Ashikhmin 2001) or one of the four surrounding grid matches, whichever
 *    best continues its neighbours' detail at a similar low-pass colour, so
 *    copies have no grid blocks and their seams fall where they agree. The
 *    copied detail is scaled to the detail energy expected at its place (the
 *    known pixels' local energy, interpolated into the hole by pull-push), so a
 *    busy source does not speckle a smooth surface, faded where the
 *    surroundings are flat for this photo and boosted where they are busy
 *    (where SSIM and PSNR pay least for it). The output is
 *    `structure + gain · detail luma` on each channel: structure from the
 *    solve, texture from the photo itself, no noise. It all runs on the hole's
 *    box grown by `band` pixels, so its planes do not grow with the crop.
 *
 * Both work in place on an RGBA crop whose hole already holds the structure
 * fill; only hole pixels are written, and only known pixels are read as data, so
 * the output depends on the known pixels, the hole map and the seed alone.
 * Deterministic: integer PRNG (mulberry32) and a fixed scan order; the only
 * floating-point operations are +, −, ×, ÷ and √, which IEEE 754 rounds exactly the
 * same on every engine. DOM-free and pure.
 */
import { cropHole, holeBounds } from './pixels';
import type { Rect } from './rect';
import { mulberry32 } from './rng';
import { boxBlur, boxBlur3, boxBlurRows, clampByte, distanceTo, distanceToCapped, patchDistance, patchDistanceClamped, pullPush, sourceCost } from './texture-kernels';
import { freeNow } from './free-now';

export { pullPush } from './texture-kernels';

/** Tuning of one texture pass (per rendering speed). */
export interface TextureParams {
  /** Patch half-size in samples: a patch has (2·radius + 1)² samples. */
  readonly radius: number;
  /** Sample spacing of a patch at full resolution, in pixels. */
  readonly step: number;
  /** PatchMatch iterations (propagation + random search) on the grid. */
  readonly iterations: number;
  /**
   * The grid is the finest power-of-two stride (≤ 16) with at most this many hole
   * pixels: 1 (every pixel) for small holes; on a larger hole each pixel's own
   * source starts from its grid cell's match.
   */
  readonly budget: number;
  /**
   * Multiplier of the copied detail. The detail band (luma minus a box blur of
   * radius `blur`) is only the finest part of the photo's gradients, and the
   * structure fill lacks the middle frequencies, so 1 leaves the hole softer than its surroundings.
   */
  readonly gain: number;
  /**
   * The gain at a hole pixel touching the known region; it rises linearly to
   * `gain` at `rampDepth` px (Chebyshev) into the hole. Beside the boundary the
   * structure fill is already close (thin scratches lie wholly there), and
   * uncorrelated detail would only add error.
   */
  readonly edgeGain: number;
  readonly rampDepth: number;
  /** Hole pixels up to this many px inside the boundary get no detail at all (the rim's biharmonic fill). */
  readonly flatDepth: number;
  /** Weight of the high-pass term of the patch distance, relative to the low-pass colour. */
  readonly detailWeight: number;
  /**
   * Voting window in grid steps for the detail luma that the grid's matching
   * sees in the hole: 0 takes the grid point's own match, 1 averages the 3×3 around it.
   */
  readonly vote: number;
  /** Box radius of the low-pass that splits colour into structure and detail. */
  readonly blur: number;
  /**
   * Full-resolution scans (forward, backward, …) that let each hole pixel change
   * its source (0: it keeps its grid cell's match, which copies in blocks).
   */
  readonly passes: number;
  /** Weight of the low-pass colour (at the pixel and 2 px away on each axis) against the 8 neighbours' detail luma in those scans. */
  readonly lowWeight: number;
  /**
   * How far a copy's detail is scaled to the detail energy expected at its place
   * (the known pixels' local energy, interpolated into the hole by pull-push)
   * from its source's: 0 not at all, 1 fully (by the root of the energies'
   * ratio); the scale is clamped to [minScale, maxScale].
   */
  readonly normalize: number;
  /** Box radius of the local detail energy (mean detail luma² of the known pixels around). */
  readonly energyRadius: number;
  readonly minScale: number;
  readonly maxScale: number;
  /** Expected detail energy, as a fraction of the crop's mean, at which a copy keeps half its contrast; flatter surroundings get less. */
  readonly quiet: number;
  /**
   * Cap of the busy-surroundings boost: a copy's contrast is scaled further by
   * (e + quiet) / (2·quiet), e its expected detail energy, up to this factor.
   */
  readonly emphasisMax: number;
  /**
   * The texture works on the hole's bounding box grown by this many pixels (clipped
   * to the crop), not the whole crop: its planes (≈ 53 bytes a pixel) cover that
   * region only, and sources come from it (0: the whole crop). `quiet` still
   * refers to the whole crop's known pixels.
   */
  readonly band: number;
  /**
   * Holes with at least this many pixels get their sources from a copy of the region shrunk
   * `shrink` times (0: never; the name is from when that was 2): the matching, energies and
   * scans work on 1/shrink² of the pixels, and each full-size hole pixel copies the full-size
   * detail at its shrunk source's place (the same offset within the shrink × shrink block), so
   * the copied grain keeps its full resolution.
   */
  readonly halfRes: number;
  /** The shrink factor of that copy (TURBO and DEFAULT: 4). */
  readonly shrink: number;
  /**
   * The shrunk path also needs the hole to cover at least this fraction of the region (0: any
   * large hole), or to be thin (`halfResThin`). DEFAULT 0.2 takes it for compact holes (blobs:
   * 0.23–0.46 of the region on the dev corpus) and keeps brush strokes (0.10–0.17) at full size:
   * on strokes the shrunk sources cost SSIM at the same sharpness (`bench/lab/sim.mjs`).
   */
  readonly halfResCover: number;
  /**
   * Or to be thin: fewer than this fraction of its pixels at least `flatDepth + 1 + rampDepth / 2`
   * px deep (0: never), the measure of `minDeep`. DEFAULT 0.25 takes scratches (at most 0.14 on
   * the dev corpus; brush strokes at least 0.55), where the ramp leaves little detail either way.
   */
  readonly halfResThin: number;
  /** `gain` on the shrunk path (its copies come out busier than the full-size path's at the same gain). */
  readonly halfGain: number;
  /**
   * The texture is skipped when fewer than this fraction of the hole's pixels lie at least
   * `flatDepth + 1 + rampDepth / 2` px inside it (0: never skipped): on thin holes
   * (scratches) the ramp leaves almost every pixel flat anyway.
   */
  readonly minDeep: number;
}

const TEXTURE_COMMON = {
  radius: 2,
  step: 1,
  gain: 2.4,
  edgeGain: 0,
  rampDepth: 6,
  flatDepth: 1,
  detailWeight: 2,
  vote: 0,
  blur: 2,
  passes: 2,
  lowWeight: 1,
  normalize: 1,
  energyRadius: 6,
  minScale: 0.25,
  maxScale: 2,
  quiet: 1.0,
  emphasisMax: 1.5,
  band: 256,
  halfRes: 0,
  shrink: 2,
  halfResCover: 0,
  halfResThin: 0,
  halfGain: 2.4,
  minDeep: 0,
} as const;

/** Texture and rim settings of the built-in fill per `rendering_speed`. */
export type BuiltinTextureParams = TextureParams & {
  /** Hole pixels within this Chebyshev distance of a known pixel get the full-size biharmonic rim. */
  readonly rimDepth: number;
  /** Gauss–Seidel sweeps of the rim (0: none). */
  readonly rimSweeps: number;
  /** Over-relaxation of those sweeps (SOR; 1 is plain Gauss–Seidel, < 2 converges for this SPD system). */
  readonly rimOmega: number;
};

export const BUILTIN_TEXTURE_PARAMS: Readonly<Record<'TURBO' | 'DEFAULT' | 'QUALITY', BuiltinTextureParams>> = {
  TURBO: { ...TEXTURE_COMMON, rimDepth: 3, rimSweeps: 16, rimOmega: 1.6, iterations: 3, budget: 1_000, passes: 0, gain: 1.4, halfRes: 20_000, shrink: 4, halfGain: 1.4, minDeep: 0.25 },
  // Issue 15 (fill ≤ 2× OpenCV NS): compact and thin holes take the shrunk path at gain 1.7, and one scan (passes) instead of two.
  DEFAULT: { ...TEXTURE_COMMON, rimDepth: 8, rimSweeps: 48, rimOmega: 1.6, iterations: 4, budget: 8_000, passes: 1, halfRes: 20_000, shrink: 4, halfResCover: 0.2, halfResThin: 0.25, halfGain: 1.7 },
  QUALITY: { ...TEXTURE_COMMON, rimDepth: 8, rimSweeps: 48, rimOmega: 1.6, iterations: 6, budget: 16_000 },
};

/**
 * Biharmonic Gauss–Seidel over the hole pixels within `depth` (Chebyshev) of a
 * known pixel; deeper hole pixels and known pixels are fixed. Crop borders replicate.
 */
export function smoothRim(rgba: Uint8ClampedArray, hole: Uint8Array, w: number, h: number, depth: number, sweeps: number, omega = 1): void {
  if (depth <= 0 || sweeps <= 0) return;
  // Work on the hole's bounding box plus the margin the rim reads: the known
  // pixels within `depth` and the stencil's 2 px. At a side of that box inside
  // the crop no rim pixel's stencil reaches the edge, so clamping there never
  // happens and the result equals that of the whole crop; at the crop's sides
  // the box's edge is the crop's and replicates the same way.
  const box = bounds(hole, w, h);
  if (!box) return;
  const { x0: bx0, y0: by0, x1: bx1, y1: by1 } = box;
  const m = depth + 2;
  const ox = Math.max(0, bx0 - m);
  const oy = Math.max(0, by0 - m);
  const bw = Math.min(w, bx1 + m + 1) - ox;
  const bh = Math.min(h, by1 + m + 1) - oy;
  const sub = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) sub.set(hole.subarray((oy + y) * w + ox, (oy + y) * w + ox + bw), y * bw);
  // Only compared with `depth`: a byte a pixel where that is under 255.
  const inward = depth < 255 ? distanceToCapped(sub, bw, bh, 0, false) : distanceTo(sub, bw, bh, 0, false);
  let count = 0;
  for (let i = 0; i < bw * bh; i++) if (sub[i] && inward[i] <= depth) count++;
  if (count === 0) return freeNow(sub, inward);
  const idx = new Int32Array(count);
  for (let i = 0, k = 0; i < bw * bh; i++) if (sub[i] && inward[i] <= depth) idx[k++] = i;
  // The box's maps are dead from here (freed now: see free-now.ts).
  freeNow(sub, inward);
  // A large hole's rim is a thin part of its box: then only the rim pixels and their stencil's
  // neighbours are held (rimCells), not a plane of the box (12 bytes a pixel).
  if (RIM_CELL_BYTES * count < 12 * bw * bh) {
    smoothRimCells(rgba, w, { x: ox, y: oy, width: bw, height: bh }, idx, sweeps, omega);
    return freeNow(idx);
  }
  // R, G, B interleaved in one plane: the channels are independent, so each pixel's three
  // updates in a row give the same values as three planes swept alike, with a third of the
  // cache lines.
  const a = new Float32Array(bw * bh * 3);
  for (let y = 0; y < bh; y++) {
    for (let x = 0, o = ((oy + y) * w + ox) * 4, j = y * bw * 3; x < bw; x++, o += 4, j += 3) {
      a[j] = rgba[o];
      a[j + 1] = rgba[o + 1];
      a[j + 2] = rgba[o + 2];
    }
  }
  const row = bw * 3;
  for (let s = 0; s < sweeps; s++) {
    const forward = (s & 1) === 0;
    for (let k = 0; k < count; k++) {
      const i = idx[forward ? k : count - 1 - k];
      const x = i % bw;
      const y = (i - x) / bw;
      // Neighbour offsets in floats (3 a pixel), with replicated crop borders.
      const xm1 = x > 0 ? -3 : 0;
      const xp1 = x < bw - 1 ? 3 : 0;
      const xm2 = x > 1 ? -6 : xm1;
      const xp2 = x < bw - 2 ? 6 : xp1;
      const ym1 = y > 0 ? -row : 0;
      const yp1 = y < bh - 1 ? row : 0;
      const ym2 = y > 1 ? -2 * row : ym1;
      const yp2 = y < bh - 2 ? 2 * row : yp1;
      for (let c = 0, at = i * 3; c < 3; c++, at++) {
        const axial = a[at + xm1] + a[at + xp1] + a[at + ym1] + a[at + yp1];
        const diag = a[at + ym1 + xm1] + a[at + ym1 + xp1] + a[at + yp1 + xm1] + a[at + yp1 + xp1];
        const far = a[at + xm2] + a[at + xp2] + a[at + ym2] + a[at + yp2];
        a[at] += omega * ((8 * axial - 2 * diag - far) / 20 - a[at]);
      }
    }
  }
  for (let k = 0; k < count; k++) {
    const i = idx[k];
    const x = i % bw;
    const o = ((oy + (i - x) / bw) * w + ox + x) * 4;
    rgba[o] = clampByte(a[i * 3]);
    rgba[o + 1] = clampByte(a[i * 3 + 1]);
    rgba[o + 2] = clampByte(a[i * 3 + 2]);
  }
  freeNow(idx, a);
}

/**
 * The most bytes {@link smoothRimCells} holds per rim pixel: its 13 candidate cells, 12
 * neighbour indices, its own, and the values of up to 13 cells.
 */
const RIM_CELL_BYTES = 4 * 13 + 4 * 12 + 4 + 12 * 13;

/**
 * {@link smoothRim}'s sweeps over the rim pixels `idx` (indices into `box`, a rectangle of the
 * crop) with values held only for the cells they read: each rim pixel and its 12 stencil
 * neighbours (replicated at the box's sides, as the plane's offsets are), sorted, each rim
 * pixel's neighbours listed by their place in that list. The same reads and writes in the
 * same order as over a plane of the box, so the same bytes.
 */
function smoothRimCells(rgba: Uint8ClampedArray, w: number, box: Rect, idx: Int32Array, sweeps: number, omega: number): void {
  const { x: ox, y: oy, width: bw, height: bh } = box;
  const count = idx.length;
  // A rim pixel's stencil in box pixels (itself, then axial, diagonal, 2 px away: 4 each).
  const st = new Int32Array(13);
  const stencil = (i: number): Int32Array => {
    const x = i % bw;
    const y = (i - x) / bw;
    const xm1 = x > 0 ? -1 : 0;
    const xp1 = x < bw - 1 ? 1 : 0;
    const xm2 = x > 1 ? -2 : xm1;
    const xp2 = x < bw - 2 ? 2 : xp1;
    const ym1 = y > 0 ? -bw : 0;
    const yp1 = y < bh - 1 ? bw : 0;
    const ym2 = y > 1 ? -2 * bw : ym1;
    const yp2 = y < bh - 2 ? 2 * bw : yp1;
    st[0] = i;
    st[1] = i + xm1;
    st[2] = i + xp1;
    st[3] = i + ym1;
    st[4] = i + yp1;
    st[5] = i + ym1 + xm1;
    st[6] = i + ym1 + xp1;
    st[7] = i + yp1 + xm1;
    st[8] = i + yp1 + xp1;
    st[9] = i + xm2;
    st[10] = i + xp2;
    st[11] = i + ym2;
    st[12] = i + yp2;
    return st;
  };
  // The cells: every stencil's pixels, sorted, once each.
  const cand = new Int32Array(count * 13);
  for (let k = 0; k < count; k++) cand.set(stencil(idx[k]), k * 13);
  cand.sort();
  let m = 0;
  for (let j = 0; j < cand.length; j++) if (m === 0 || cand[j] !== cand[m - 1]) cand[m++] = cand[j];
  const cells = cand.subarray(0, m);
  const cellOf = (i: number): number => {
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cells[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Each rim pixel's value offset (cell × 3) and its 12 neighbours'.
  const self = new Int32Array(count);
  const nb = new Int32Array(count * 12);
  for (let k = 0; k < count; k++) {
    const sk = stencil(idx[k]);
    self[k] = cellOf(sk[0]) * 3;
    for (let j = 0; j < 12; j++) nb[k * 12 + j] = cellOf(sk[1 + j]) * 3;
  }
  // R, G, B interleaved per cell.
  const a = new Float32Array(m * 3);
  for (let j = 0; j < m; j++) {
    const x = cells[j] % bw;
    const o = ((oy + (cells[j] - x) / bw) * w + ox + x) * 4;
    a[j * 3] = rgba[o];
    a[j * 3 + 1] = rgba[o + 1];
    a[j * 3 + 2] = rgba[o + 2];
  }
  for (let s = 0; s < sweeps; s++) {
    const forward = (s & 1) === 0;
    for (let kk = 0; kk < count; kk++) {
      const k = forward ? kk : count - 1 - kk;
      const o = k * 12;
      for (let c = 0, at = self[k]; c < 3; c++, at++) {
        const axial = a[nb[o] + c] + a[nb[o + 1] + c] + a[nb[o + 2] + c] + a[nb[o + 3] + c];
        const diag = a[nb[o + 4] + c] + a[nb[o + 5] + c] + a[nb[o + 6] + c] + a[nb[o + 7] + c];
        const far = a[nb[o + 8] + c] + a[nb[o + 9] + c] + a[nb[o + 10] + c] + a[nb[o + 11] + c];
        a[at] += omega * ((8 * axial - 2 * diag - far) / 20 - a[at]);
      }
    }
  }
  for (let k = 0; k < count; k++) {
    const i = idx[k];
    const x = i % bw;
    const o = ((oy + (i - x) / bw) * w + ox + x) * 4;
    rgba[o] = clampByte(a[self[k]]);
    rgba[o + 1] = clampByte(a[self[k] + 1]);
    rgba[o + 2] = clampByte(a[self[k] + 2]);
  }
  freeNow(cand, self, nb, a);
}

/**
 * Adds texture copied from the known pixels to the hole of `rgba` (which holds
 * the structure fill), in place. See the module comment.
 */
export function synthesizeTexture(rgba: Uint8ClampedArray, hole: Uint8Array, w: number, h: number, params: TextureParams, seed: number): void {
  const { band } = params;
  const b = bounds(hole, w, h);
  if (!b) return;
  // The region: the hole's box grown by `band` (the whole crop at band 0).
  const ox = band > 0 ? Math.max(0, b.x0 - band) : 0;
  const oy = band > 0 ? Math.max(0, b.y0 - band) : 0;
  const bw = band > 0 ? Math.min(w, b.x1 + band + 1) - ox : w;
  const bh = band > 0 ? Math.min(h, b.y1 + band + 1) - oy : h;
  const whole = bw === w && bh === h;
  const region = { x: ox, y: oy, width: bw, height: bh };
  let subHole = whole ? hole : cropHole(hole, w, region);
  // Depth into the hole (Chebyshev px to the nearest known pixel): the same on the region as on
  // the crop, since the ring around the hole's box is known or the crop's edge.
  let inward: Depths | undefined;
  /** The region's hole map (when it is a copy) and depths, dead once the texture is written: freed now (free-now.ts). */
  const freeRegionMaps = () => freeNow(whole ? undefined : subHole, inward);
  if (params.minDeep > 0 || params.halfRes > 0) {
    inward = holeDepths(subHole, bw, bh, params);
    if (params.minDeep > 0 && !deepEnough(subHole, inward, params)) return freeRegionMaps();
  }
  if (params.halfRes > 0 && bw >= 4 && bh >= 4) {
    let holeCount = 0;
    for (let i = 0; i < subHole.length; i++) holeCount += subHole[i];
    const compact = holeCount >= params.halfResCover * bw * bh;
    const thin = params.halfResThin > 0 && !deepEnough(subHole, inward!, { ...params, minDeep: params.halfResThin });
    const large = holeCount >= params.halfRes && (compact || thin);
    // Unless the shrunk region has no source at all (known context too thin for a shrunk patch).
    if (large) {
      // The shrunk path's copies at `halfGain` (the full-size fallback below keeps `gain`).
      const half = { ...params, gain: params.halfGain };
      if (synthesizeHalf(rgba, w, region, subHole, inward!, half, seed)) return freeRegionMaps();
      // The band is `band` px at full size but band / shrink in the shrunk copy: on a large hole
      // (a coarse grid, patches with a wide reach) no shrunk patch fits in it, while the crop
      // around it has room. Then the whole crop's shrunk copy, before the full-size path (whose
      // planes are about 40 bytes a region pixel: 150 MB on a 12 MP blob's crop).
      if (!whole) {
        // The region's maps are not read there: freed first (9 MB on the 12 MP blob's crop, at
        // the texture's peak), and made again for the full-size path if it comes to that.
        freeRegionMaps();
        const depths = holeDepths(hole, w, h, params);
        const done = synthesizeHalf(rgba, w, { x: 0, y: 0, width: w, height: h }, hole, depths, half, seed);
        freeNow(depths);
        if (done) return;
        subHole = cropHole(hole, w, region);
        inward = holeDepths(subHole, bw, bh, params);
      }
    }
  }
  if (!whole) {
    // On the region's window of the crop, in place: only its hole pixels' RGB are written.
    const energy = meanKnownDetailEnergy(rgba, hole, w, h, params.blur);
    synthesizeRegion(rgba.subarray((oy * w + ox) * 4), subHole, bw, bh, params, seed, energy, inward, undefined, w);
    return freeRegionMaps();
  }
  synthesizeRegion(rgba, hole, w, h, params, seed, undefined, inward);
  freeRegionMaps();
}

/** Depths into the hole: exact, or saturated at 255 where every threshold is under it. */
type Depths = Uint8Array | Uint16Array;

/**
 * The hole's depths (Chebyshev px to the nearest known pixel), a byte a pixel when the depths
 * the texture compares (flat, ramp, `minDeep`'s half-gain depth) are all under 255.
 */
function holeDepths(hole: Uint8Array, w: number, h: number, params: TextureParams): Depths {
  return params.flatDepth + 2 + params.rampDepth < 255 ? distanceToCapped(hole, w, h, 0, false) : distanceTo(hole, w, h, 0, false);
}

/** Each known pixel's room (distance to the hole or the crop's outside), a byte a pixel when `need`, the largest room compared, is under 255. */
function roomMap(hole: Uint8Array, w: number, h: number, need: number): Depths {
  return need < 255 ? distanceToCapped(hole, w, h, 1, true) : distanceTo(hole, w, h, 1, true);
}

/** Whether at least `minDeep` of the hole's pixels lie where the ramp gives half the gain or more. */
function deepEnough(hole: Uint8Array, inward: Depths, params: TextureParams): boolean {
  const depth = params.flatDepth + 1 + params.rampDepth / 2;
  let all = 0;
  let deep = 0;
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    all++;
    if (inward[i] >= depth) deep++;
  }
  return deep >= params.minDeep * all;
}

/** Whether synthesizeRegion finds any valid source on this hole map: a known pixel with room for a patch of its grid. */
function hasSource(hole: Uint8Array, w: number, h: number, params: TextureParams): boolean {
  let holeCount = 0;
  for (let i = 0; i < hole.length; i++) holeCount += hole[i];
  let top = 1;
  while (top < 16 && holeCount / (top * top) > params.budget) top *= 2;
  const need = params.radius * params.step * top + 1 + params.blur;
  const room = roomMap(hole, w, h, need);
  let found = false;
  for (let i = 0; i < room.length && !found; i++) found = room[i] > need;
  freeNow(room);
  return found;
}

/**
 * The texture of a large hole with its sources found on a shrunk copy (`shrink` = k, 4 at
 * TURBO; the name is from when k was 2): the region (`region` of the crop, `hole` and
 * `inward` its hole map and depths) is averaged k×k (a shrunk pixel is hole if any of its
 * k² is), synthesizeRegion matches there and reports each shrunk hole pixel's source and
 * contrast scale; then each full-size hole pixel takes the full-size detail luma (luma
 * minus its box blur of radius `blur`) of the pixel at the same place in its shrunk
 * source's k×k block, scaled by that contrast and by the full-size depth ramp. A shrunk
 * source is wholly known, so are its k² pixels.
 * `quiet` refers to the region's known pixels, not the whole crop's. False, with nothing
 * written, if no shrunk hole pixel found a source.
 */
function synthesizeHalf(
  rgba: Uint8ClampedArray,
  w: number,
  region: { x: number; y: number; width: number; height: number },
  hole: Uint8Array,
  inward: Depths,
  params: TextureParams,
  seed: number,
): boolean {
  const { x: ox, y: oy, width: bw, height: bh } = region;
  const k = params.shrink;
  const hw = Math.ceil(bw / k);
  const hh = Math.ceil(bh / k);
  const half = new Uint8ClampedArray(hw * hh * 4);
  const halfHole = new Uint8Array(hw * hh);
  // Row by row into sums per shrunk pixel (a few rows of memory), written out every k rows.
  const acc = new Uint32Array(hw * 3);
  const xOf = new Int32Array(bw);
  for (let x = 0; x < bw; x++) xOf[x] = (x / k) | 0;
  for (let y = 0; y < hh; y++) {
    const y0 = k * y;
    const y1 = Math.min(bh, y0 + k);
    acc.fill(0);
    const row = y * hw;
    for (let yy = y0; yy < y1; yy++) {
      for (let x = 0, a = ((oy + yy) * w + ox) * 4, i = yy * bw; x < bw; x++, a += 4, i++) {
        const q = xOf[x];
        halfHole[row + q] |= hole[i];
        acc[q * 3] += rgba[a];
        acc[q * 3 + 1] += rgba[a + 1];
        acc[q * 3 + 2] += rgba[a + 2];
      }
    }
    for (let x = 0; x < hw; x++) {
      const m = (y1 - y0) * (Math.min(bw, k * x + k) - k * x);
      const o = (row + x) * 4;
      half[o] = Math.round(acc[x * 3] / m);
      half[o + 1] = Math.round(acc[x * 3 + 1] / m);
      half[o + 2] = Math.round(acc[x * 3 + 2] / m);
      half[o + 3] = 255;
    }
  }
  // No source patch fits in the shrunk context (synthesizeRegion's test): give up before its planes.
  if (!hasSource(halfHole, hw, hh, params)) return (freeNow(half, halfHole, acc, xOf), false);
  // Each half-size hole pixel's source (-1: none) and contrast scale, without the depth ramp
  // (applied at full size below) and with sources for every hole pixel (flatDepth −1).
  const src = new Int32Array(hw * hh).fill(-1);
  const scale = new Float32Array(hw * hh);
  const halfParams: TextureParams = { ...params, band: 0, halfRes: 0, minDeep: 0, gain: 1, edgeGain: 1, rampDepth: 0, flatDepth: -1 };
  let found = 0;
  synthesizeRegion(half, halfHole, hw, hh, halfParams, seed, undefined, undefined, (p, s, g) => {
    src[p] = s;
    scale[p] = g;
    found++;
  });
  if (found === 0) return (freeNow(half, halfHole, acc, xOf, src, scale), false);
  // The full-size detail luma of a source pixel: its luma minus the box blur of the region's
  // luma there. The blur runs a row at a time (boxBlurRows) and keeps only the k×k blocks of
  // the half-size sources that some hole pixel takes from (`slotOf`: a source's place in
  // `kept`, −1: none), not a plane of the region: for the 12 MP blob's 2295×3000 crop that
  // plane was 27.5 MB at the stage's peak. A source's own luma is taken from its pixel again
  // (a known pixel, never written here), rounded to float32 as the plane held it.
  const slotOf = new Int32Array(hw * hh).fill(-1);
  let slots = 0;
  for (let q = 0; q < src.length; q++) if (src[q] >= 0 && slotOf[src[q]] < 0) slotOf[src[q]] = slots++;
  const kk = k * k;
  const kept = new Float32Array(slots * kk);
  const lumaRow = new Float32Array(bw);
  boxBlurRows(
    bw,
    bh,
    params.blur,
    (y) => {
      for (let x = 0, a = ((oy + y) * w + ox) * 4; x < bw; x++, a += 4) lumaRow[x] = LUMA_R * rgba[a] + LUMA_G * rgba[a + 1] + LUMA_B * rgba[a + 2];
      return lumaRow;
    },
    (y, row) => {
      const by = (y / k) | 0;
      const at = (y - k * by) * k;
      for (let bx = 0; bx < hw; bx++) {
        const slot = slotOf[by * hw + bx];
        if (slot < 0) continue;
        const x0 = k * bx;
        const x1 = Math.min(bw, x0 + k);
        for (let x = x0, o = slot * kk + at; x < x1; x++, o++) kept[o] = row[x];
      }
    },
  );
  const { gain, edgeGain, rampDepth, flatDepth } = params;
  for (let y = 0, p = 0; y < bh; y++) {
    const qy = ((y / k) | 0) * hw;
    const dy = y - k * ((y / k) | 0);
    for (let x = 0; x < bw; x++, p++) {
      if (!hole[p]) continue;
      const d = inward[p] - 1 - flatDepth;
      if (d < 0) continue;
      const qx = xOf[x];
      const q = qy + qx;
      const sh = src[q];
      if (sh < 0) continue;
      const shx = sh % hw;
      const shy = (sh - shx) / hw;
      // The pixel at the same place in the source's block (its last column or row, if the region ends inside it).
      let sx = k * shx + x - k * qx;
      let sy = k * shy + dy;
      if (sx >= bw) sx = bw - 1;
      if (sy >= bh) sy = bh - 1;
      const ramp = d >= rampDepth ? gain : edgeGain + ((gain - edgeGain) * d) / rampDepth;
      const b = ((oy + sy) * w + ox + sx) * 4;
      const luma = Math.fround(LUMA_R * rgba[b] + LUMA_G * rgba[b + 1] + LUMA_B * rgba[b + 2]);
      const v = scale[q] * ramp * (luma - kept[slotOf[sh] * kk + (sy - k * shy) * k + sx - k * shx]);
      const a = ((oy + y) * w + ox + x) * 4;
      rgba[a] = clampByte(rgba[a] + v);
      rgba[a + 1] = clampByte(rgba[a + 1] + v);
      rgba[a + 2] = clampByte(rgba[a + 2] + v);
    }
  }
  freeNow(half, halfHole, acc, xOf, src, scale, slotOf, kept, lumaRow);
  return true;
}

function bounds(hole: Uint8Array, w: number, h: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const b = holeBounds(hole, w, h);
  return b && { x0: b.x, y0: b.y, x1: b.x + b.width - 1, y1: b.y + b.height - 1 };
}

/**
 * The mean over the known pixels of the whole crop of their detail luma² (luma
 * minus its box blur of radius r, replicated edges), with rows of running sums:
 * a few rows of memory, not planes.
 */
function meanKnownDetailEnergy(rgba: Uint8ClampedArray, hole: Uint8Array, w: number, h: number, r: number): number {
  const k = 2 * r + 1;
  const rows = Array.from({ length: k }, () => ({ y: -1, sum: new Float64Array(w), luma: new Float64Array(w) }));
  const rowAt = (y: number) => {
    const row = rows[y % k];
    if (row.y === y) return row;
    row.y = y;
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      row.luma[x] = LUMA[0] * rgba[i] + LUMA[1] * rgba[i + 1] + LUMA[2] * rgba[i + 2];
    }
    let s = 0;
    for (let i = -r; i <= r; i++) s += row.luma[i < 0 ? 0 : i >= w ? w - 1 : i];
    for (let x = 0; x < w; x++) {
      row.sum[x] = s;
      const a = x + r + 1;
      const b = x - r;
      s += row.luma[a >= w ? w - 1 : a] - row.luma[b < 0 ? 0 : b];
    }
    return row;
  };
  let total = 0;
  let count = 0;
  for (let y = 0; y < h; y++) {
    // Rows y − r … y + r, clamped; the ring holds each once (clamped repeats are the same row).
    const window: Float64Array[] = [];
    for (let j = -r; j <= r; j++) window.push(rowAt(y + j < 0 ? 0 : y + j >= h ? h - 1 : y + j).sum);
    const own = rowAt(y).luma;
    for (let x = 0; x < w; x++) {
      if (hole[y * w + x]) continue;
      let s = 0;
      for (let j = 0; j < k; j++) s += window[j][x];
      const d = own[x] - s / (k * k);
      total += d * d;
      count++;
    }
  }
  return total / Math.max(1, count);
}

function synthesizeRegion(
  rgba: Uint8ClampedArray,
  hole: Uint8Array,
  w: number,
  h: number,
  params: TextureParams,
  seed: number,
  /** The mean detail energy of the known pixels, when the region is part of a larger crop. */
  knownEnergy?: number,
  /** The hole's depths (distanceTo(hole, w, h, 0, false)), when the caller has them. */
  inwardIn?: Depths,
  /** Takes each hole pixel's source and contrast scale instead of writing its detail. */
  sink?: (p: number, s: number, g: number) => void,
  /** Pixels per row of `rgba`: the region may be a window of a larger crop, read and written in place. */
  stride = w,
): void {
  const n = w * h;
  let holeCount = 0;
  for (let i = 0; i < n; i++) holeCount += hole[i];
  if (holeCount === 0) return;
  const { radius: R, step, blur, gain, edgeGain, rampDepth } = params;
  const lumaWeight = Math.sqrt(params.detailWeight);

  // Per pixel, 4 features: the low-pass colour of the composite (known + structure)
  // and the luma of the high-pass detail, scaled by √detailWeight: the real detail
  // on known pixels, the synthesized one in the hole (0 until the first vote).
  // `lo` is the low-pass colour (interleaved); a known pixel's detail is rgba − lo.
  // Two buffers hold every plane (garbage that the collector has not reached yet counts in
  // the peak, and a large region's planes are tens of MB each): `lo` lives in `planes` until
  // the features are made, then `planes` holds `dl`, the known map (later the sources) and
  // y²; after the field, `lo` is made again over `feat`, which is dead by then (rgba has not
  // changed: the same values), beside the list of hole pixels. The blurs keep a ring of
  // rows, not a scratch plane.
  const planes = new Float32Array(n * 3);
  const feat = new Float32Array(n * 4);
  let lo = planes;
  boxBlur3(rgba, 4, lo, 3, w, h, blur, undefined, stride * 4);
  let top = 1;
  while (top < 16 && holeCount / (top * top) > params.budget) top *= 2;
  // Low-pass colour at the grid's scale: a patch samples every `sp` px, so
  // texture finer than that must not count as a mismatch against the smooth
  // structure in the hole, or flat sources would always win (the smooth bias).
  const scale = Math.max(blur, step * top);
  boxBlur3(lo, 3, feat, 4, w, h, scale - blur);
  // The detail luma y of the known pixels as the feature holds it (y·√detailWeight, 0 on hole pixels).
  for (let i = 0; i < n; i++) {
    if (hole[i]) continue;
    const x = i % w;
    const a = ((i - x) / w * stride + x) * 4;
    const b = i * 3;
    let y = 0;
    y += LUMA_R * (rgba[a] - lo[b]);
    y += LUMA_G * (rgba[a + 1] - lo[b + 1]);
    y += LUMA_B * (rgba[a + 2] - lo[b + 2]);
    feat[i * 4 + 3] = y * lumaWeight;
  }
  // `lo` is not needed again until the per-pixel scans. One pass over the pixels for what
  // that luma feeds: the detail luma `dl` that the per-pixel scans compare (0 on hole pixels
  // until they get a source), and for the energy below, y² (which becomes the energy, blurred
  // in place) and the known map `kn` (1 known, 0 hole).
  const dl = planes.subarray(0, n);
  const kn = planes.subarray(n, 2 * n);
  const normalizing = params.normalize > 0;
  const sq = planes.subarray(2 * n, 3 * n);
  let total = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (hole[i]) {
      dl[i] = 0;
      kn[i] = 0;
      sq[i] = 0;
      continue;
    }
    // The luma as the feature holds it (rounded to float32), unweighted again.
    const d = feat[i * 4 + 3] / lumaWeight;
    dl[i] = d;
    if (normalizing) {
      kn[i] = 1;
      sq[i] = d * d;
      total += sq[i];
      count++;
    }
  }
  // Chebyshev distance from each known pixel to the nearest hole pixel or the crop's outside.
  const room = roomMap(hole, w, h, Math.max(R * step * top + 1 + blur, blur + 2));

  const next = mulberry32(seed ^ 0x5bd1e995);
  const searchFrom = Math.max(w, h);
  let synthesized = false;

  // PatchMatch on the grid of stride `top`: one level (the per-pixel scans of
  // resolvePixels refine each pixel's source at full resolution).
  const f = top;
  const sp = step * f;
  const reach = R * sp;
  // A source patch at this grid lies wholly in known pixels, inside the crop, and so
  // does its low-pass window: its detail is the photo's own, not the structure's or the edge's.
  const need = reach + 1 + blur;
  // The valid sources are counted per row, not listed (a list is 4 bytes per crop pixel):
  // the k-th is found from the rows' running counts.
  const validBefore = new Int32Array(h + 1);
  for (let y = 0; y < h; y++) {
    let c = 0;
    for (let i = y * w; i < (y + 1) * w; i++) if (room[i] > need) c++;
    validBefore[y + 1] = validBefore[y] + c;
  }
  const validCount = validBefore[h];
  if (validCount === 0) return freeNow(planes, feat, room);
  const nthValid = (k: number): number => {
    let lo = 0;
    let hi = h - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (validBefore[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    let left = k - validBefore[lo];
    for (let i = lo * w; ; i++) if (room[i] > need && left-- === 0) return i;
  };
  const offs = new Int32Array((2 * R + 1) ** 2);
  for (let dy = -R, k = 0; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) offs[k++] = dy * sp * w + dx * sp;
  let tc = 0;
  for (let y = 0; y < h; y += f) for (let x = 0; x < w; x += f) tc += hole[y * w + x];
  const targets = new Int32Array(tc);
  for (let y = 0, k = 0; y < h; y += f) for (let x = 0; x < w; x += f) if (hole[y * w + x]) targets[k++] = y * w + x;
  // The field lives on the grid (nnf: the match of each grid point, -1 off the hole),
  // its costs per target: a crop-sized field would be 12 bytes per pixel.
  const gw = Math.ceil(w / f);
  const gridOf = (t: number): number => {
    const tx = t % w;
    return ((t - tx) / w / f) * gw + tx / f;
  };
  const nnf = new Int32Array(gw * Math.ceil(h / f)).fill(-1);
  const cost = new Float64Array(tc);

  const score = (t: number, s: number, best: number): number => {
    const nc = synthesized ? 4 : 3;
    const tx = t % w;
    const ty = (t - tx) / w;
    if (tx >= reach && ty >= reach && tx < w - reach && ty < h - reach) return patchDistance(feat, t, s, offs, nc, best);
    return patchDistanceClamped(feat, tx, ty, s, w, h, R, sp, nc, best);
  };
  const tryCandidate = (k: number, t: number, s: number) => {
    const d = score(t, s, cost[k]);
    if (d < cost[k]) {
      cost[k] = d;
      nnf[gridOf(t)] = s;
    }
  };

  // Initialise at random among the valid sources.
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k];
    const s = nthValid(next() % validCount);
    nnf[gridOf(t)] = s;
    cost[k] = score(t, s, Infinity);
  }

  for (let it = 0; it < params.iterations; it++) {
    const forward = (it & 1) === 0;
    const dir = forward ? 1 : -1;
    // The synthesized detail changed with the last vote: re-score the current matches.
    if (it > 0) for (let k = 0; k < targets.length; k++) cost[k] = score(targets[k], nnf[gridOf(targets[k])], Infinity);
    for (let j = 0; j < targets.length; j++) {
      const k = forward ? j : targets.length - 1 - j;
      const t = targets[k];
      const tx = t % w;
      const ty = (t - tx) / w;
      // Propagation from the grid neighbours already visited in this scan.
      const nx = tx - dir * f;
      if (nx >= 0 && nx < w) {
        const q = t - dir * f;
        const m = hole[q] ? nnf[gridOf(q)] : -1;
        if (m >= 0) {
          const s = m + dir * f;
          if ((s % w) - (m % w) === dir * f && room[s] > need) tryCandidate(k, t, s);
        }
      }
      const ny = ty - dir * f;
      if (ny >= 0 && ny < h) {
        const q = t - dir * f * w;
        const m = hole[q] ? nnf[gridOf(q)] : -1;
        if (m >= 0) {
          const s = m + dir * f * w;
          if (s >= 0 && s < n && room[s] > need) tryCandidate(k, t, s);
        }
      }
      // Random search in halving windows around the current match.
      const cur = nnf[gridOf(t)];
      const cx = cur % w;
      const cy = (cur - cx) / w;
      for (let r = searchFrom; r >= f; r >>= 1) {
        const x = cx + (next() % (2 * r + 1)) - r;
        const y = cy + (next() % (2 * r + 1)) - r;
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const s = y * w + x;
        if (room[s] > need) tryCandidate(k, t, s);
      }
    }
    voteInto(f);
    synthesized = true;
  }
  if (!synthesized) return freeNow(planes, feat, room, nnf, cost, targets);

  // Detail energy (mean detail luma² within `energyRadius`): on a known pixel its
  // own, on a hole pixel the one expected there, interpolated from the known
  // pixels by pull-push; `quiet` is the threshold of "flat" for this photo.
  // Computed after the field, its pull-push levels in the buffer of the features, dead by then
  // (it reads neither the field nor the random numbers: the same values as before it).
  let detailEnergy: Float32Array | null = null;
  let quiet = 0;
  if (normalizing) {
    // "Flat" is relative to the photo: a soft, out-of-focus photo keeps its faint detail.
    quiet = params.quiet * (knownEnergy ?? total / Math.max(1, count));
    // The box mean of the known pixels' energy: box sums of both planes, in place, divided.
    detailEnergy = boxBlur(sq, w, h, params.energyRadius, sq);
    const den = boxBlur(kn, w, h, params.energyRadius, kn);
    for (let i = 0; i < n; i++) {
      detailEnergy[i] = den[i] > 1e-6 ? detailEnergy[i] / den[i] : NaN;
      kn[i] = hole[i] ? 0 : 1;
    }
    // In place: known pixels keep their own energy, hole pixels get the expected one.
    pullPush(detailEnergy, kn, w, h, detailEnergy, feat);
  }

  const inward = inwardIn ?? holeDepths(hole, w, h, params);
  // The field is done, and with it `feat`: `lo` again, in its buffer.
  lo = new Float32Array(feat.buffer, 0, n * 3);
  boxBlur3(rgba, 4, lo, 3, w, h, blur, undefined, stride * 4);
  resolvePixels(top);
  // Every plane is dead now (the region's are tens of MB): freed, not left to the collector.
  freeNow(planes, feat, room, nnf, cost, targets, inwardIn ? undefined : inward);

  /**
   * A source for every hole pixel at full resolution, so the copies are not
   * blocks of the grid: each pixel starts from its grid cell's match, then
   * `passes` scans (forward, backward) let it take a neighbour's source shifted
   * by one pixel (coherence: copies grow as long as they fit) or one of the
   * four surrounding grid matches, whichever best continues the detail luma of
   * its 8 neighbours (real detail on known pixels, the copied one in the hole)
   * at a similar low-pass colour. Seams then fall where two copies agree, and
   * beside the boundary the copy continues the photo's own detail.
   */
  function resolvePixels(f: number): void {
    // `dl` holds the photo's detail luma on known pixels; hole pixels get their copy's below.
    // The sources live in the known map's plane, free by now.
    const src = new Int32Array(kn.buffer, kn.byteOffset, n).fill(-1);
    // A source pixel's 3×3 neighbourhood and their low-pass windows are known and inside the crop.
    const need = blur + 2;
    const okFrom = (p: number, q: number, sq: number): number => {
      // The source of p if q's source sq is shifted by p − q; -1 if that leaves the valid sources or wraps a row.
      if (sq < 0) return -1;
      const s = sq + (p - q);
      if (s < 0 || s >= n) return -1;
      if ((s % w) - (sq % w) !== (p % w) - (q % w)) return -1;
      return room[s] > need ? s : -1;
    };
    const lw = params.lowWeight;
    // Pixels that get no detail (the rim's smooth fill) need no source either.
    const minInward = 1 + params.flatDepth;
    // Row by row, in the order of the pixel index (at most `holeCount` of them).
    // In `feat`'s buffer after `lo`.
    const all = new Int32Array(feat.buffer, n * 12, holeCount);
    let count = 0;
    for (let y = 0, p = 0; y < h; y++) {
      const gy = y - (y % f);
      for (let x = 0; x < w; x++, p++) {
        if (hole[p] !== 1 || inward[p] <= minInward) continue;
        const gx = x - (x % f);
        const g = gy * w + gx;
        const s = okFrom(p, g, hole[g] ? nnf[(gy / f) * gw + gx / f] : -1);
        if (s >= 0) {
          src[p] = s;
          dl[p] = dl[s];
        }
        all[count++] = p;
      }
    }
    const list = all.subarray(0, count);
    // The scans, without a closure per pixel: candidates in a fixed order (the four
    // neighbours' sources shifted by one pixel, then the four surrounding grid matches).
    // A source is ≥ `need` px inside the crop, so a one-pixel shift that wraps a row
    // lands on the crop's edge and fails the room test: only grid shifts need okFrom.
    for (let pass = 0; pass < params.passes; pass++) {
      const forward = (pass & 1) === 0;
      for (let k = 0; k < list.length; k++) {
        const p = list[forward ? k : list.length - 1 - k];
        const x = p % w;
        const y = (p - x) / w;
        // The low-pass taps 2 px away on each axis (the pixel's own where that leaves the crop).
        const oL = x > 1 ? -2 : 0;
        const oR = x < w - 2 ? 2 : 0;
        const oU = y > 1 ? -2 * w : 0;
        const oD = y < h - 2 ? 2 * w : 0;
        const first = src[p];
        let best = first;
        let bestE = best >= 0 ? sourceCost(lo, dl, hole, src, w, h, p, x, y, best, oL, oR, oU, oD, lw, Infinity) : Infinity;
        for (let j = 0; j < 4; j++) {
          // Left, right, up, down: q's source shifted by p − q.
          const q = j === 0 ? p - 1 : j === 1 ? p + 1 : j === 2 ? p - w : p + w;
          if (j === 0 ? x === 0 : j === 1 ? x === w - 1 : j === 2 ? y === 0 : y === h - 1) continue;
          if (!hole[q]) continue;
          const sq = src[q];
          if (sq < 0) continue;
          const c = sq + (p - q);
          if (c < 0 || c >= n || room[c] <= need || c === best) continue;
          const e = sourceCost(lo, dl, hole, src, w, h, p, x, y, c, oL, oR, oU, oD, lw, bestE);
          if (e < bestE) {
            bestE = e;
            best = c;
          }
        }
        const gx = x - (x % f);
        const gy = y - (y % f);
        for (let j = 0; j < 4; j++) {
          const qx = gx + (j & 1) * f;
          const qy = gy + (j >> 1) * f;
          if (qx >= w || qy >= h) continue;
          const g = qy * w + qx;
          if (!hole[g]) continue;
          const c = okFrom(p, g, nnf[(qy / f) * gw + qx / f]);
          if (c < 0 || c === best) continue;
          const e = sourceCost(lo, dl, hole, src, w, h, p, x, y, c, oL, oR, oU, oD, lw, bestE);
          if (e < bestE) {
            bestE = e;
            best = c;
          }
        }
        if (best >= 0 && best !== first) {
          src[p] = best;
          dl[p] = dl[best];
        }
      }
    }
    // Contrast: a copy takes the detail energy expected at its place (that of the
    // known pixels around it) instead of its source's, partly (`normalize`), so a
    // busy source does not speckle a smooth surface and a smooth one does not smear a busy one.
    const z = params.normalize;
    for (let k = 0; k < list.length; k++) {
      const p = list[k];
      const s = src[p];
      if (s < 0) continue;
      let g = 1;
      if (detailEnergy) {
        const e = detailEnergy[p];
        g = 1 + z * (Math.sqrt((e + 1) / (detailEnergy[s] + 1)) - 1);
        g = g < params.minScale ? params.minScale : g > params.maxScale ? params.maxScale : g;
        // Where the surroundings are nearly flat, a copy adds little but error: fade it out.
        g = e > 0 ? (g * e) / (e + quiet) : 0;
        // And more where the surroundings are busy: SSIM pays for detail that does not
        // match the truth in proportion to 1 / (local variance + C₂), while sharpness
        // counts the same everywhere, so contrast buys the most sharpness for the
        // least SSIM (and PSNR) where the photo is busy. Together with the fade this
        // makes the scale linear in the expected energy, e / (2·quiet), up to the cap.
        const r = (e + quiet) / (2 * quiet);
        g *= r < params.emphasisMax ? r : params.emphasisMax;
      }
      // Faded in with depth from the boundary.
      const d = inward[p] - 1 - params.flatDepth;
      g *= d >= rampDepth ? gain : d < 0 ? 0 : edgeGain + ((gain - edgeGain) * d) / rampDepth;
      if (sink) {
        sink(p, s, g);
        continue;
      }
      // The source's detail luma, the same on every channel: its colour detail would
      // add as much error again on each channel, and sharpness is luminance.
      const y = g * dl[s];
      const px = p % w;
      const a = ((p - px) / w * stride + px) * 4;
      for (let c = 0; c < 3; c++) rgba[a + c] = clampByte(rgba[a + c] + y);
    }
  }

  /**
   * The detail luma feature at each hole grid point (stride f): the mean of what
   * the matches of the grid targets around it (3×3 at `vote` 1, its own at 0) put there.
   */
  function voteInto(f: number): void {
    const vr = params.vote * f;
    for (let y = 0; y < h; y += f) {
      for (let x = 0; x < w; x += f) {
        const p = y * w + x;
        if (!hole[p]) continue;
        let s0 = 0;
        let m = 0;
        for (let qy = y - vr; qy <= y + vr; qy += f) {
          if (qy < 0 || qy >= h) continue;
          for (let qx = x - vr; qx <= x + vr; qx += f) {
            if (qx < 0 || qx >= w) continue;
            const q = qy * w + qx;
            const src = nnf[gridOf(q)];
            if (!hole[q] || src < 0) continue;
            const sx = (src % w) + (x - qx);
            if (sx < 0 || sx >= w) continue;
            const s = src + (p - q);
            if (s < 0 || s >= n || hole[s]) continue;
            s0 += feat[s * 4 + 3];
            m++;
          }
        }
        if (m > 0) feat[p * 4 + 3] = s0 / m;
      }
    }
  }
}

/** Rec. 601 luma weights, as the corpus's HSR uses. */
const LUMA = [0.299, 0.587, 0.114];
const [LUMA_R, LUMA_G, LUMA_B] = LUMA;
