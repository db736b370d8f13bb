/**
 * The built-in fill model: an ONNX graph generated from code, no weights to
 * download. It fills the hole from its surroundings in three stages:
 *
 * 1. **Pull.** A mask-weighted 2×2 AveragePool pyramid of the known pixels
 *    (`a = image·known`, `w = known`), so each coarse pixel holds the mean of the
 *    known pixels under it and the fraction that was known.
 * 2. **Push + harmonic smoothing.** Coarse to fine, the hole is initialised from
 *    the bilinear upsampling of the coarser solution and relaxed with Jacobi
 *    sweeps of `s ← a + (1 − w)·N(s)`, where N is the 8-neighbour mean (a 3×3
 *    depthwise Conv). At full resolution `w` is 0/1, so known pixels are fixed and
 *    the fixed point is the discrete harmonic (Laplace) interpolant, the
 *    conditional mean of a 1/f² (natural-image-like) Gaussian field given the
 *    boundary. At coarse levels the partial weights blend data and smoothness.
 *    The unrolled sweeps replace Loop, which WebGPU does not run.
 * 3. **Grain** (only with `grain > 0`; every speed runs without it now, since the
 *    texture comes from src/shared/texture.ts). A fourth channel carries the local
 *    high-frequency energy of the known pixels (`(x − blur_known(x))²`), pulled
 *    into the hole by the same solve; `fill += grain·sqrt(energy)·noise` restores
 *    detail so the fill does not look plastic. The caller seeds `noise`, so
 *    outputs are deterministic. Without grain that channel and its high-pass are
 *    not built: they cost a quarter of every sweep and change no output byte.
 *
 * Only ops that onnxruntime-web runs on both WASM and WebGPU are used (Sub, Mul,
 * Add, Div, Max, Conv, AveragePool, GlobalAveragePool, Resize, Pad (edge), Concat, Slice,
 * Sqrt, Clip).
 */
import { GraphBuilder, type Dim } from '../build/onnx';

/** Tuning of one built-in graph. */
export interface BuiltinFillParams {
  /** Pyramid levels below full resolution; H and W must be multiples of `2 ** levels`. */
  readonly levels: number;
  /** Jacobi sweeps per level: index 0 is full resolution, index `levels` the coarsest. */
  readonly iterations: readonly number[];
  /** Grain strength k in `fill += k · σ_local · noise` (0 gives the smooth harmonic fill). */
  readonly grain: number;
  /**
   * Damped biharmonic sweeps at full resolution after the harmonic solve. Each
   * sweep reaches ~2 px, so thin holes (scratches) become C¹-smooth biharmonic
   * fills while the interior of large holes keeps the overshoot-free harmonic one.
   */
  readonly biharmonic?: number;
  /**
   * Grain fades in with depth into the hole: it is scaled by `1 − w`, the known
   * fraction of the `2 ** grainLevel` block around each pixel (bilinear). Thin
   * scratches, whose smooth fill is already close, get little grain; the inside
   * of a large hole, which has no detail at all, gets the full amount.
   * Default 3 (8×8 blocks); must be ≤ levels.
   */
  readonly grainLevel?: number;
}

/** Per `rendering_speed`: graph tuning plus the longest crop side the pipeline runs at. */
export type BuiltinSpeedParams = BuiltinFillParams & {
  /** Crops whose longer side exceeds this are downscaled to it, filled, and upscaled. */
  readonly maxSide: number;
  /**
   * The longest side for compact holes (at least COMPACT_HOLE_FRACTION of their crop, in
   * workers/pipelines/builtin-fill.ts), when lower than `maxSide`: their inside is smooth
   * structure far from any edge, and the texture adds the detail (TURBO 256, DEFAULT 512).
   */
  readonly compactSide?: number;
};

/**
 * Per speed: the graph's depth and sweeps and the longest side it runs at. Every
 * speed is above the better of OpenCV Telea and NS on mean hole PSNR on every mask
 * type of ../shared/corpus/dev (README, "The built-in model"; per image in
 * docs/quality.md). TURBO's 512 px cap would blur thin scratches, so the pipeline
 * does not shrink thin holes below 1024 px (THIN_HOLE_MIN_SIDE in
 * workers/pipelines/builtin-fill.ts); large holes keep the speed trade, and compact holes
 * (blobs) run at 256 px at TURBO (hole PSNR 15.52 against NS's 14.33 on the corpus) and
 * 512 px at DEFAULT (issue 15: half the blob's model stage; blob hole PSNR 15.54 → 15.51,
 * SSIM 0.441 → 0.438 with the shrunk texture path, `npm run eval -- --speeds DEFAULT`).
 */
export const BUILTIN_SPEED_PARAMS: Readonly<Record<'TURBO' | 'DEFAULT' | 'QUALITY', BuiltinSpeedParams>> = {
  TURBO: { levels: 6, iterations: [2, 4, 8, 16, 24, 32, 48], biharmonic: 6, grain: 0, maxSide: 512, compactSide: 256 },
  DEFAULT: { levels: 6, iterations: [4, 8, 16, 24, 32, 48, 64], biharmonic: 16, grain: 0, maxSide: 1024, compactSide: 512 },
  QUALITY: { levels: 7, iterations: [8, 12, 16, 24, 32, 48, 64, 64], biharmonic: 32, grain: 0, maxSide: 2048 },
};

/**
 * The multiple that H and W must be padded to for these params.
 *
 * @example
 * const m = builtinSizeMultiple(BUILTIN_SPEED_PARAMS.DEFAULT); // 64
 * const padW = Math.ceil(w / m) * m;
 */
export function builtinSizeMultiple(params: Pick<BuiltinFillParams, 'levels'>): number {
  return 2 ** params.levels;
}

/** Guards divisions by a weight that may be 0 where nothing is known. */
const EPS = 1e-6;
/** 8-neighbour mean with the centre excluded (Jacobi), edges weighted 2, corners 1. */
const RING = [1, 2, 1, 2, 0, 2, 1, 2, 1].map((v) => v / 12);
/**
 * Damped Jacobi for Δ²u = 0: `(1 − ω)·u + ω·B(u)` with ω = ½, where B is the
 * 13-point biharmonic stencil solved for the centre (8·axial − 2·diagonal −
 * distance-2 axial) / 20. Plain Jacobi (ω = 1) diverges: B has eigenvalue −2.2.
 */
const BIHARMONIC = (() => {
  const omega = 0.5;
  const k = new Array<number>(25).fill(0);
  const at = (dy: number, dx: number, v: number) => (k[(dy + 2) * 5 + dx + 2] += v);
  at(0, 0, 1 - omega);
  for (const [dy, dx] of [[0, 1], [0, -1], [1, 0], [-1, 0]]) at(dy, dx, (omega * 8) / 20);
  for (const [dy, dx] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) at(dy, dx, (omega * -2) / 20);
  for (const [dy, dx] of [[0, 2], [0, -2], [2, 0], [-2, 0]]) at(dy, dx, (omega * -1) / 20);
  return k;
})();
/** Normalised 3×3 binomial blur, for the high-pass that measures local detail. */
const BINOMIAL = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16);

function checkParams(params: BuiltinFillParams): void {
  const { levels, iterations, grain } = params;
  if (!Number.isInteger(levels) || levels < 0 || levels > 12) {
    throw new RangeError(`builtin fill: levels must be an integer 0..12, got ${levels}`);
  }
  if (iterations.length !== levels + 1 || !iterations.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new RangeError(`builtin fill: iterations must be ${levels + 1} non-negative integers, got [${iterations.join(', ')}]`);
  }
  if (!(grain >= 0 && Number.isFinite(grain))) throw new RangeError(`builtin fill: grain must be ≥ 0, got ${grain}`);
}

/** `channels` copies of a 3×3 kernel as a depthwise Conv weight [channels, 1, 3, 3]. */
function depthwise(g: GraphBuilder, name: string, kernel: readonly number[], channels: number): string {
  const size = Math.sqrt(kernel.length);
  const data = new Float32Array(channels * kernel.length);
  for (let c = 0; c < channels; c++) data.set(kernel, c * kernel.length);
  return g.initializer(name, data, [channels, 1, size, size]);
}

/**
 * Generates the built-in fill model.
 *
 * Inputs: `image` float32 [1,3,H,W] RGB in 0..1; `mask` float32 [1,1,H,W], 1 = hole;
 * `noise` float32 [1,1,H,W] standard normal. Output: `output` float32 [1,3,H,W] =
 * clip(image·(1 − mask) + fill·mask, 0, 1), so known pixels are returned exactly.
 * H and W are dynamic multiples of {@link builtinSizeMultiple}.
 *
 * @example
 * const bytes = buildBuiltinFillModel(BUILTIN_SPEED_PARAMS.DEFAULT);
 * const session = await ort.InferenceSession.create(bytes);
 */
export function buildBuiltinFillModel(params: BuiltinFillParams): Uint8Array {
  checkParams(params);
  const g = new GraphBuilder('builtin_fill', `builtin-fill levels=${params.levels} iterations=[${params.iterations}] grain=${params.grain}`);
  const img: Dim[] = [1, 3, 'H', 'W'];
  const plane: Dim[] = [1, 1, 'H', 'W'];
  const image = g.input('image', 'float32', img);
  const mask = g.input('mask', 'float32', plane);
  const noise = g.input('noise', 'float32', plane);

  const one = g.constFloat(1);
  const eps = g.constFloat(EPS);
  // Channels solved together: R, G, B, and with grain the high-frequency energy.
  // Every op is per channel (depthwise Conv, pooling, Resize, elementwise), so
  // R, G and B come out the same either way (graph.test.ts checks it).
  const grainOn = params.grain > 0;
  const CHANNELS = grainOn ? 4 : 3;
  const ring = depthwise(g, 'ring_kernel', RING, CHANNELS);
  const ring1 = depthwise(g, 'ring_kernel_1', RING, 1);
  const conv3 = (x: string, w: string, group: number) =>
    g.op('Conv', [x, w], undefined, { group, kernel_shape: [3, 3], pads: [1, 1, 1, 1] });

  const known = g.op('Sub', [one, mask], 'known');
  const imageKnown = g.op('Mul', [image, known], 'image_known');

  // Pull: premultiplied data `a` and weight `w` per level; `ones` gives each
  // level's neighbour count so the zero-padded Conv behaves as a Neumann edge.
  const data: string[] = [grainOn ? g.op('Concat', [imageKnown, energyOfKnown(g, imageKnown, known, conv3)], 'pull_0', { axis: 1 }) : imageKnown];
  const weight: string[] = [known];
  const ones: string[] = [g.op('Add', [known, mask], 'ones_0')];
  const pool = { kernel_shape: [2, 2], strides: [2, 2] };
  for (let l = 1; l <= params.levels; l++) {
    data.push(g.op('AveragePool', [data[l - 1]], `pull_${l}`, pool));
    weight.push(g.op('AveragePool', [weight[l - 1]], `weight_${l}`, pool));
    ones.push(g.op('AveragePool', [ones[l - 1]], `ones_${l}`, pool));
  }

  // Push + relax, coarse to fine. `free = (1 − w) / count` folds the Neumann
  // normalisation into the one Mul each sweep needs.
  const L = params.levels;
  const globalMean = g.op('Div', [g.op('GlobalAveragePool', [data[L]]), g.op('Max', [g.op('GlobalAveragePool', [weight[L]]), eps])]);
  const upScales = g.constFloat([1, 1, 2, 2]);
  let solution = '';
  for (let l = L; l >= 0; l--) {
    const unknown = g.op('Sub', [one, weight[l]]);
    const prior =
      l === L
        ? globalMean
        : g.op('Resize', [solution, '', upScales], undefined, { mode: 'linear', coordinate_transformation_mode: 'half_pixel' });
    solution = g.op('Add', [data[l], g.op('Mul', [unknown, prior])], `init_${l}`);
    if (params.iterations[l] > 0) {
      // Max: a 1×1 level has no neighbours (count 0), and 0/0 would poison the fill with NaN (black).
      const free = g.op('Div', [unknown, g.op('Max', [conv3(ones[l], ring1, 1), eps])], `free_${l}`);
      for (let i = 0; i < params.iterations[l]; i++) {
        solution = g.op('Add', [data[l], g.op('Mul', [free, conv3(solution, ring, CHANNELS)])]);
      }
    }
  }

  const sweeps = params.biharmonic ?? 0;
  if (sweeps > 0) {
    // Edge padding (not Conv's zero padding): a stencil with negative taps cannot
    // be renormalised at the border, and zeros would darken holes at the crop edge.
    const bi = depthwise(g, 'biharmonic_kernel', BIHARMONIC, CHANNELS);
    const pads = g.constInt64([0, 0, 2, 2, 0, 0, 2, 2]);
    const free0 = g.op('Sub', [one, weight[0]], 'free_bi');
    for (let i = 0; i < sweeps; i++) {
      const padded = g.op('Pad', [solution, pads], undefined, { mode: 'edge' });
      const smoothed = g.op('Conv', [padded, bi], undefined, { group: CHANNELS, kernel_shape: [5, 5] });
      solution = g.op('Add', [data[0], g.op('Mul', [free0, smoothed])]);
    }
  }

  // Grain, then blend: known pixels come back as image·1 + fill·0, bit-exact.
  // Without grain the `noise` input stays in the contract (callers feed it) but is unused.
  let fill = solution;
  if (grainOn) {
    const axes = g.constInt64([1]);
    const rgb = g.op('Slice', [solution, g.constInt64([0]), g.constInt64([3]), axes], 'fill_smooth');
    const sigma = g.op('Sqrt', [g.op('Max', [g.op('Slice', [solution, g.constInt64([3]), g.constInt64([4]), axes]), g.constFloat(0)])]);
    const gl = Math.min(params.grainLevel ?? 3, params.levels);
    const s = 2 ** gl;
    const nearKnown =
      gl === 0 ? weight[0] : g.op('Resize', [weight[gl], '', g.constFloat([1, 1, s, s])], undefined, { mode: 'linear' });
    const depth = g.op('Sub', [one, nearKnown], 'hole_depth');
    const amount = g.op('Mul', [depth, g.constFloat(params.grain)]);
    const grain = g.op('Mul', [g.op('Mul', [sigma, noise]), amount], 'grain');
    fill = g.op('Add', [rgb, grain], 'fill');
  }
  const blended = g.op('Add', [imageKnown, g.op('Mul', [fill, mask])]);
  g.op('Clip', [blended, g.constFloat(0), g.constFloat(1)], 'output');
  g.output('output', 'float32', img);
  return g.toBytes();
}

/**
 * The grain's energy channel: the local detail of the known pixels only, a
 * high-pass against a blur normalised by the known weight, so hole pixels
 * (whatever they hold) never leak in. It is measured only where the whole 3×3
 * window is known: at the image border or beside the hole the window is
 * one-sided, and a smooth ramp would read as detail.
 */
function energyOfKnown(g: GraphBuilder, imageKnown: string, known: string, conv3: (x: string, w: string, group: number) => string): string {
  const one = g.constFloat(1);
  const eps = g.constFloat(EPS);
  const blur3 = depthwise(g, 'blur_kernel_3', BINOMIAL, 3);
  const blur1 = depthwise(g, 'blur_kernel_1', BINOMIAL, 1);
  const knownWeight = conv3(known, blur1, 1);
  const blurredKnown = g.op('Div', [conv3(imageKnown, blur3, 3), g.op('Max', [knownWeight, eps])]);
  const countKernel = depthwise(g, 'count_kernel', new Array<number>(9).fill(1), 1);
  const fullWindow = g.op('Clip', [g.op('Sub', [conv3(known, countKernel, 1), g.constFloat(8)]), g.constFloat(0), one], 'full_window');
  const highPass = g.op('Mul', [g.op('Sub', [imageKnown, g.op('Mul', [blurredKnown, known])]), fullWindow]);
  const channelMean = g.initializer('channel_mean', new Float32Array([1 / 3, 1 / 3, 1 / 3]), [1, 3, 1, 1]);
  return g.op('Conv', [g.op('Mul', [highPass, highPass]), channelMean], 'hf_energy', { kernel_shape: [1, 1] });
}
