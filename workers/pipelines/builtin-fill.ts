import type { InpaintJob, InpaintJobImage, PipelineContext } from './contract';
import type { Route } from './route';
import {
  compositeHole,
  cropHole,
  cropRgba,
  holeToPlanarFloat,
  padSize,
  planarFloatToRgba,
  resizeHole,
  resizeRgba,
  rgbaToPlanarFloat,
} from '../../src/shared/pixels';
import { BUILTIN_TEXTURE_PARAMS, smoothRim, synthesizeTexture } from '../../src/shared/texture';
import { EXPAND_QUILT, knownRect, quiltBorder, type QuiltSource } from '../../src/shared/expand-quilt';
import type { Rect } from '../../src/shared/rect';
import { BUILTIN_SPEED_PARAMS, buildBuiltinFillModel, builtinSizeMultiple } from '../../models/builtin/graph';
import { makeTensor, type LoadedSession, type SessionLoadOptions, type SessionManager } from '../runtime/sessions';
import type { Backend } from '../../src/shared/progress';
import { checkpoint } from './checkpoint';
import { prepareInputs, type PreparedInputs } from './prepare';
import { stageTimer } from './stage-timer';
import { freeNow } from '../../src/shared/free-now';
import { compositeAndEncode, pasteIntoCanvas } from './paste-back';

const modelBytes = new Map<string, Uint8Array>();

/** The graph is generated from code on first use; one per rendering speed. */
export function builtinBytes(speed: InpaintJob['renderingSpeed']): Uint8Array {
  const cached = modelBytes.get(speed);
  if (cached) return cached;
  const bytes = buildBuiltinFillModel(BUILTIN_SPEED_PARAMS[speed]);
  modelBytes.set(speed, bytes);
  return bytes;
}

/**
 * Session options for the built-in graph. On WASM, no graph optimisation: the
 * graph is generated in code with nothing to fold or fuse, and in a fresh worker
 * ORT's optimiser passes (compiled lazily, like all of its .wasm) made the first
 * session's creation 1.35–2.0 s instead of 0.5–0.86 s, with the same run time
 * (`node bench/lab/cold-path.mjs --variants plain-disabled,plain-all`, 2-core
 * machine, 7 fresh workers each), and the same output to the bit (`--variants
 * plain-compare`: DEFAULT at 1024×704, 0 of 2,162,688 values differ). That creation is what a Generate pressed soon
 * after opening an image waits for. WebGPU keeps ORT's default.
 */
export function builtinSessionOptions(backend: Backend): SessionLoadOptions {
  return backend === 'wasm' ? { graphOptimizationLevel: 'disabled' } : {};
}

/** The built-in session for `speed` on `backend` (the same key and options for a task and the warm-up). */
export function loadBuiltinSession(sessions: SessionManager, modelId: string, speed: InpaintJob['renderingSpeed'], backend: Backend): Promise<LoadedSession> {
  return sessions.load(`${modelId}/${speed}`, backend, () => builtinBytes(speed), builtinSessionOptions(backend));
}

/**
 * Thin holes (scratches: under THIN_HOLE_FRACTION of the crop) are not shrunk
 * below THIN_HOLE_MIN_SIDE: a 3–5 px line vanishes at a quarter of the size and
 * its fill blurs, while at full size it converges in a few sweeps. Measured on
 * the corpus: TURBO lines went from 27.20 to above NS's 27.71 dB.
 */
export const THIN_HOLE_FRACTION = 0.08;
export const THIN_HOLE_MIN_SIDE = 1024;
/**
 * Compact holes (a blob: at least this fraction of their crop, which is the hole's box with
 * its context) run at the speed's `compactSide` where it has one (TURBO: 256, DEFAULT: 512). On
 * the dev corpus blob masks cover 0.23–0.43 of their crop and brush strokes 0.10–0.16; at 256 TURBO's
 * blob PSNR stays above both OpenCV methods, while brush strokes lost 0.4 dB (bench notes, README).
 */
export const COMPACT_HOLE_FRACTION = 0.2;

/**
 * The side the crop runs at, from its hole's share: `holes` of its `pixels` (from
 * `PreparedInputs.known`, so a 12 MP crop's 7 M-byte hole map is not counted again).
 */
export function workingSide(maxSide: number, { holes, pixels }: { holes: number; pixels: number }, compactSide = maxSide): number {
  if (holes < THIN_HOLE_FRACTION * pixels) return Math.max(maxSide, THIN_HOLE_MIN_SIDE);
  return holes >= COMPACT_HOLE_FRACTION * pixels ? Math.min(maxSide, compactSide) : maxSide;
}

/**
 * The graph's input size for a `width × height` crop: each side a multiple of
 * the pyramid's `multiple`, and at least two of them, so the coarsest level is
 * at least 2×2 and its relaxation has neighbours (a 1×1 level has none).
 *
 * @example
 * builtinPadSize(33, 33, 64); // { width: 128, height: 128 }
 */
export function builtinPadSize(width: number, height: number, multiple: number): { width: number; height: number } {
  const side = (n: number) => Math.max(padSize(n, multiple), 2 * multiple);
  return { width: side(width), height: side(height) };
}

/**
 * prepare → run → postprocess for the built-in fill model, on one backend.
 * Works on a crop around the hole (with context), downscaled to the speed's
 * `maxSide`, padded to the graph's size multiple; only hole pixels are written back.
 */
export async function runBuiltinFill(
  job: InpaintJob,
  ctx: PipelineContext,
  route: Route,
  prepared?: PreparedInputs,
): Promise<{ images: InpaintJobImage[]; timings: Record<string, number> }> {
  const { timings, lap } = stageTimer();
  ctx.onProgress({ status: 'initiate', model: route.modelId });
  const input = prepared ?? (await prepareInputs(job));
  lap('decode');

  const loaded = await loadBuiltinSession(ctx.sessions, route.modelId, job.renderingSpeed, ctx.backend);
  lap('load');
  ctx.onProgress({ status: 'ready', model: route.modelId, backend: ctx.backend });

  const { rect } = input;
  // The input's own where it keeps one (read only: a retry on the next backend reads it again).
  const cropMask = input.cropHole ?? cropHole(input.hole, input.width, rect);
  // Crop-sized pixels live in `held` only, so that they can be let go of before
  // the encode: the structure by the last image (which fills it in place), each
  // fill once pasted. While a 12 MP PNG encodes, no crop-sized pixels are held.
  const held: { structure?: Uint8ClampedArray; fill?: Uint8ClampedArray } = {};
  held.structure = await solveStructure(job, ctx, input, cropMask, loaded, lap, timings);

  const texture = BUILTIN_TEXTURE_PARAMS[job.renderingSpeed];
  const expand = input.expand && expandQuiltPlace(input);
  const images: InpaintJobImage[] = [];
  for (let i = 0; i < job.seeds.length; i++) {
    // Texture per seed: a cancel lands between images.
    await checkpoint(ctx.signal);
    const seed = job.seeds[i];
    const last = i === job.seeds.length - 1;
    ctx.onProgress({ status: 'step', index: i, total: job.seeds.length });
    held.fill = last ? held.structure : new Uint8ClampedArray(held.structure!);
    if (last) held.structure = undefined;
    // An expand's border is quilted from whole blocks of the photo (expand-quilt.ts): detail over
    // the structure would be grain on a smear that far from the known pixels.
    if (expand) quiltBorder(held.fill!, cropMask, rect.width, rect.height, expand.thickness, EXPAND_QUILT, seed, expand.place);
    else synthesizeTexture(held.fill!, cropMask, rect.width, rect.height, texture, seed);
    lap('texture');
    // Pasted into the decode canvas and encoded from it (the image is never read out whole),
    // or into the input's pixels in place, encoded, restored (paste-back.ts).
    const takeFill = () => {
      const fill = held.fill!;
      held.fill = undefined;
      return fill;
    };
    const blob =
      input.canvas && ctx.encodeCanvas
        ? await pasteIntoCanvas({ bounds: input.bounds, rect, cropHole: cropMask, canvas: input.canvas }, takeFill, ctx.encodeCanvas, lap)
        : await compositeAndEncode(input, (target) => compositeHole(target, input.width, takeFill(), rect, input.hole), ctx.encode, lap);
    images.push({ blob, seed, width: input.width, height: input.height });
    ctx.onProgress({ status: 'step', index: i + 1, total: job.seeds.length });
  }
  return { images, timings };
}

/**
 * Where an expand's quilt stands: the border's thickness (the widest new side), the
 * original's place in the crop, and its sources: the whole original less the overlap,
 * read from the canvas in place (no copy), so blocks are not limited to the crop's strip.
 */
function expandQuiltPlace(input: PreparedInputs): { thickness: number; place: { inner: Rect; source: QuiltSource } } {
  const { rect } = input;
  const original = input.expand!.rect;
  const thickness = Math.max(original.x, original.y, input.width - original.x - original.width, input.height - original.y - original.height);
  const known = knownRect(input.hole, input.width, input.height, original);
  return {
    thickness,
    place: {
      inner: { ...original, x: original.x - rect.x, y: original.y - rect.y },
      source: { rgba: input.rgba, width: input.width, known, offset: { x: rect.x, y: rect.y } },
    },
  };
}

/**
 * The crop at full size with the smooth solve in its hole and a biharmonic rim:
 * what every seed's texture starts from. The model's inputs and output are
 * garbage once this returns. Charges `prepare` and `model`, and records the rim's share of
 * `model` as `rim`.
 */
async function solveStructure(
  job: InpaintJob,
  ctx: PipelineContext,
  input: PreparedInputs,
  cropMask: Uint8Array,
  loaded: LoadedSession,
  lap: (stage: string) => void,
  timings: Record<string, number>,
): Promise<Uint8ClampedArray> {
  const params = BUILTIN_SPEED_PARAMS[job.renderingSpeed];
  const { rect, bounds } = input;
  // The parts of `prepare`, reported beside it: the crop, the shrink, the tensors.
  let partStart = performance.now();
  const part = (name: string) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + now - partStart;
    partStart = now;
  };
  // The crop's pixels: the model's input, then, in place, the structure. Taken from the input
  // when the result will be pasted into the decode canvas; otherwise copied from the whole
  // image, which the paste needs anyway. The graph reads no value under its mask (image ·
  // (1 − mask), and a padded pixel is hole when the pixel it copies is), a shrunk pixel is
  // hole when any pixel under it is, and every hole pixel's colour is overwritten by the
  // solve below: so the hole's colour is never used, and the crop is taken with a blank
  // hole instead of the prefill (the same output bytes; alpha, which is kept, is the prefill's).
  const structure = input.takeCrop && input.canvas && ctx.encodeCanvas ? input.takeCrop('blank', cropMask) : cropRgba(input.rgba, input.width, rect);
  part('prepare_crop');
  // `known` counts the known pixels of `rect`; the rest are hole.
  const pixels = rect.width * rect.height;
  let scale = Math.min(1, workingSide(params.maxSide, { holes: pixels - input.known, pixels }, params.compactSide) / Math.max(rect.width, rect.height));
  let runW = Math.max(1, Math.round(rect.width * scale));
  let runH = Math.max(1, Math.round(rect.height * scale));
  let runMask = scale < 1 ? resizeHole(cropMask, rect.width, rect.height, runW, runH) : cropMask;
  if (scale < 1 && !runMask.includes(0)) {
    // Shrinking marks a low-res pixel as hole if any pixel under it is, so thin
    // known strips (one row left of a 3000×20 image) can vanish: then run at full size.
    [scale, runW, runH, runMask] = [1, rect.width, rect.height, cropMask];
  }
  // Only the shrunk known pixels are made (the model reads nothing under runMask): the
  // others come back 0, and hole pixels of the crop are never read.
  const runPixels = scale < 1 ? resizeRgba(structure, rect.width, rect.height, runW, runH, 'area', undefined, runMask) : structure;
  part('prepare_shrink');
  const padTo = builtinPadSize(runW, runH, builtinSizeMultiple(params));
  const imageData = rgbaToPlanarFloat(runPixels, runW, runH, { padTo });
  const maskData = holeToPlanarFloat(runMask, runW, runH, padTo);
  const dims = [1, 3, padTo.height, padTo.width] as const;
  part('prepare_tensors');
  lap('prepare');

  // Structure: the smooth solve, seed-independent, so it runs once per job.
  await checkpoint(ctx.signal);
  const noise = new Float32Array(padTo.width * padTo.height);
  const feeds = {
    image: makeTensor('float32', imageData, dims),
    mask: makeTensor('float32', maskData, [1, 1, padTo.height, padTo.width]),
    noise: makeTensor('float32', noise, [1, 1, padTo.height, padTo.width]),
  };
  const outputs = await ctx.sessions.run(loaded, feeds);
  // The run has read its inputs: they, and the shrunk copy they came from, are freed now
  // (src/shared/free-now.ts), so that the collector's backlog does not meet the texture's planes.
  freeNow(imageData, maskData, noise, runPixels === structure ? undefined : runPixels, runMask === cropMask ? undefined : runMask);
  const out = outputs[loaded.outputNames[0]];
  const planar = (await out.getData()) as Float32Array;
  out.dispose();
  const smooth = planarFloatToRgba(planar, padTo.width, padTo.height, { crop: { width: runW, height: runH } });
  freeNow(planar);
  // Brought back to full size over the hole's box only (the rest of the crop keeps its
  // own pixels): the same bytes as the whole crop's upsample there (resizeRgba's window).
  const box = scale < 1 ? { x: bounds.x - rect.x, y: bounds.y - rect.y, width: bounds.width, height: bounds.height } : { x: 0, y: 0, width: rect.width, height: rect.height };
  const solved = scale < 1 ? resizeRgba(smooth, runW, runH, rect.width, rect.height, 'bilinear', box) : smooth;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const p = (box.y + y) * rect.width + box.x + x;
      if (!cropMask[p]) continue;
      const q = (y * box.width + x) * 4;
      for (let c = 0; c < 3; c++) structure[p * 4 + c] = solved[q + c];
    }
  }
  freeNow(smooth, solved === smooth ? undefined : solved);
  const texture = BUILTIN_TEXTURE_PARAMS[job.renderingSpeed];
  // `rim` is the part of `model` spent on the full-size rim solve (the rest: ORT's run, the upsample).
  const rimStart = performance.now();
  smoothRim(structure, cropMask, rect.width, rect.height, texture.rimDepth, texture.rimSweeps, texture.rimOmega);
  timings.rim = (timings.rim ?? 0) + performance.now() - rimStart;
  lap('model');
  return structure;
}
