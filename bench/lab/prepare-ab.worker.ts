// The 12 MP task's decode and prepare (to the built-in fill's tensors) in a worker, variants
// alternated (their order rotates each rep), each beside the metadata read as in api.ts runJob.
// `old_order` is main's before the decode-speed branch, rebuilt from the same functions: the
// decode with premultiplyAlpha and colorSpaceConversion 'none', the PNG mask's read started with it,
// the crop's hole maps and the hole count after both. `opts` changes only the decode's options
// (bitmapOptions: an sRGB JPEG, as this one, with the defaults); `opts_barrier` also starts the mask
// after a read of the image's blob issued after the decoder's; `prepare` is prepareInputs as the
// task runs it (those two); `plan_early` is opts_barrier with the mask's share of prepare (crop hole
// map, hole count, shrunk hole map) made as soon as the mask is read, before the image's decode ends
// (tried, measured neutral, not kept); `prepare_no_meta` is prepare without the metadata read beside it.
// `d_` is to the decode's end (what the task's `decode` stage measures), `t_` to the tensors.
import { prepareInputs, type PreparedInputs } from '../../workers/pipelines/prepare';
import { workingSide } from '../../workers/pipelines/builtin-fill';
import { BUILTIN_SPEED_PARAMS } from '../../models/builtin/graph';
import { bitmapOptions, decodeToCanvas, type DecodedCanvas } from '../../src/image/decode';
import { pngHoleMap, type PngHoleMap } from '../../src/image/mask-png';
import { readImageMetadata } from '../../src/image/metadata';
import { blankHole } from '../../src/shared/prefill';
import { contextRect, cropHole, holeToPlanarFloat, resizeHole, resizeRgba, rgbaToPlanarFloat, type Rect } from '../../src/shared/pixels';

const SPEED = 'TURBO';

/** The built-in fill's run size for the crop (builtin-fill.ts solveStructure; this task's crop always shrinks). */
function builtinRunSize(speed: typeof SPEED, rect: Rect, known: number): { width: number; height: number } {
  const params = BUILTIN_SPEED_PARAMS[speed];
  const pixels = rect.width * rect.height;
  const scale = Math.min(1, workingSide(params.maxSide, { holes: pixels - known, pixels }, params.compactSide) / Math.max(rect.width, rect.height));
  return { width: Math.max(1, Math.round(rect.width * scale)), height: Math.max(1, Math.round(rect.height * scale)) };
}
const EXACT: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'none' };

/** The built-in fill's prepare after the decode (builtin-fill.ts solveStructure, to its tensors). */
function tensors(crop: Uint8ClampedArray, cropMask: Uint8Array, rect: Rect, known: number, shrunk?: Uint8Array): number {
  const size = builtinRunSize(SPEED, rect, known);
  const runMask = shrunk ?? resizeHole(cropMask, rect.width, rect.height, size.width, size.height);
  const run = resizeRgba(crop, rect.width, rect.height, size.width, size.height, 'area', undefined, runMask);
  const padTo = { width: Math.ceil(size.width / 64) * 64, height: Math.ceil(size.height / 64) * 64 };
  return rgbaToPlanarFloat(run, size.width, size.height, { padTo }).length + holeToPlanarFloat(runMask, size.width, size.height, padTo).length;
}

const metadata = (image: Blob) => image.arrayBuffer().then((b) => readImageMetadata(new Uint8Array(b)));
const maskMap = (mask: Blob) => mask.arrayBuffer().then((b) => pngHoleMap(new Uint8Array(b)) as Promise<PngHoleMap>);

/** main's steps after the decode: the hole count over the bounds, then the crop read with a blank hole, then the shrink. */
function afterDecode(canvas: DecodedCanvas, m: PngHoleMap, t: () => void): number {
  const rect = contextRect(m.bounds!, m.width, m.height);
  const { x, y, width, height } = m.bounds!;
  let holes = 0;
  for (let r = y; r < y + height; r++) for (let i = r * m.width + x; i < r * m.width + x + width; i++) if (m.hole[i]) holes++;
  t();
  const cropMask = cropHole(m.hole, m.width, rect);
  const crop = canvas.context.getImageData(rect.x, rect.y, rect.width, rect.height).data;
  blankHole(crop, cropMask, rect.width, rect.height);
  const n = tensors(crop, cropMask, rect, rect.width * rect.height - holes);
  canvas.canvas.width = 0;
  return n;
}

/** The built-in fill's steps on prepareInputs' result: the crop's hole map, the crop with a blank hole, the shrink. */
function finish(input: PreparedInputs): number {
  const cropMask = input.cropHole ?? cropHole(input.hole, input.width, input.rect);
  const crop = input.takeCrop!('blank', cropMask);
  const n = tensors(crop, cropMask, input.rect, input.known);
  input.release!();
  return n;
}

type Variant = (image: Blob, mask: Blob, t: () => void) => Promise<unknown>;
const variants: Record<string, Variant> = {
  old_order: async (image, mask, t) => {
    const [canvas, m] = await Promise.all([decodeToCanvas(image, 'image', EXACT), maskMap(mask), metadata(image)]);
    return afterDecode(canvas, m, t);
  },
  opts: async (image, mask, t) => {
    const [canvas, m] = await Promise.all([decodeToCanvas(image, 'image'), maskMap(mask), metadata(image)]);
    return afterDecode(canvas, m, t);
  },
  opts_barrier: async (image, mask, t) => {
    const started = bitmapOptions(image).then((o) => ({ canvas: decodeToCanvas(image, 'image', o), read: image.arrayBuffer() }));
    const [canvas, m] = await Promise.all([started.then((s) => s.canvas), started.then((s) => s.read).then(() => maskMap(mask)), metadata(image)]);
    return afterDecode(canvas, m, t);
  },
  plan_early: async (image, mask, t) => {
    const started = bitmapOptions(image).then((o) => ({ canvas: decodeToCanvas(image, 'image', o), read: image.arrayBuffer() }));
    const planned = started
      .then((s) => s.read)
      .then(() => maskMap(mask))
      .then((m) => {
        const rect = contextRect(m.bounds!, m.width, m.height);
        const cropMask = cropHole(m.hole, m.width, rect);
        let holes = 0;
        for (let i = 0; i < cropMask.length; i++) holes += cropMask[i];
        const known = rect.width * rect.height - holes;
        const size = builtinRunSize(SPEED, rect, known);
        return { rect, cropMask, known, shrunk: resizeHole(cropMask, rect.width, rect.height, size.width, size.height) };
      });
    const [canvas, p] = await Promise.all([started.then((s) => s.canvas), planned, metadata(image)]);
    t();
    const crop = canvas.context.getImageData(p.rect.x, p.rect.y, p.rect.width, p.rect.height).data;
    blankHole(crop, p.cropMask, p.rect.width, p.rect.height);
    const n = tensors(crop, p.cropMask, p.rect, p.known, p.shrunk);
    canvas.canvas.width = 0;
    return n;
  },
  prepare: async (image, mask, t) => {
    const [input] = await Promise.all([prepareInputs({ image, mask }), metadata(image)]);
    t();
    return finish(input);
  },
  prepare_no_meta: async (image, mask, t) => {
    const input = await prepareInputs({ image, mask });
    t();
    return finish(input);
  },
};

self.onmessage = async (e: MessageEvent<{ image: Blob; mask: Blob; rep: number }>) => {
  const { image, mask, rep } = e.data;
  const names = Object.keys(variants);
  const out: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + rep) % names.length];
    await new Promise((r) => setTimeout(r, 30));
    const t0 = performance.now();
    await variants[name](image, mask, () => (out[`d_${name}`] = performance.now() - t0));
    out[`t_${name}`] = performance.now() - t0;
  }
  self.postMessage(out);
};
