// The 12 MP task's decode and prepare (to the built-in fill's tensors) in a worker, variants
// alternated (their order rotates each rep), each beside the metadata read as in api.ts runJob:
// `old_order` builds main's order before the mask's plan (crop hole map, hole count, shrunk hole map
// after both decodes) from the same functions; `planned` is prepareInputs as the task runs it.
// `d_` is to the decode's end (what the task's `decode` stage measures), `t_` to the tensors.
import { prepareInputs, type PreparedInputs } from '../../workers/pipelines/prepare';
import { builtinRunSize } from '../../workers/pipelines/builtin-fill';
import { decodeToCanvas } from '../../src/image/decode';
import { pngHoleMap } from '../../src/image/mask-png';
import { readImageMetadata } from '../../src/image/metadata';
import { blankHole } from '../../src/shared/prefill';
import { contextRect, cropHole, holeToPlanarFloat, resizeHole, resizeRgba, rgbaToPlanarFloat, type Rect } from '../../src/shared/pixels';

const SPEED = 'TURBO';

/** The built-in fill's prepare after the decode (builtin-fill.ts solveStructure, to its tensors). */
function tensors(crop: Uint8ClampedArray, cropMask: Uint8Array, rect: Rect, known: number, shrunk?: Uint8Array): number {
  const size = builtinRunSize(SPEED, rect, known)!;
  const runMask = shrunk ?? resizeHole(cropMask, rect.width, rect.height, size.width, size.height);
  const run = resizeRgba(crop, rect.width, rect.height, size.width, size.height, 'area', undefined, runMask);
  const padTo = { width: Math.ceil(size.width / 64) * 64, height: Math.ceil(size.height / 64) * 64 };
  return rgbaToPlanarFloat(run, size.width, size.height, { padTo }).length + holeToPlanarFloat(runMask, size.width, size.height, padTo).length;
}

const metadata = (image: Blob) => image.arrayBuffer().then((b) => readImageMetadata(new Uint8Array(b)));

type Variant = (image: Blob, mask: Blob, t: (k: string) => void) => Promise<unknown>;
const variants: Record<string, Variant> = {
  old_order: async (image, mask, t) => {
    const [canvas, m] = await Promise.all([decodeToCanvas(image), mask.arrayBuffer().then((b) => pngHoleMap(new Uint8Array(b))), metadata(image)]);
    const rect = contextRect(m!.bounds!, m!.width, m!.height);
    const { x, y, width, height } = m!.bounds!;
    let holes = 0;
    for (let r = y; r < y + height; r++) for (let i = r * m!.width + x; i < r * m!.width + x + width; i++) if (m!.hole[i]) holes++;
    t('d_old_order');
    const cropMask = cropHole(m!.hole, m!.width, rect);
    const crop = canvas.context.getImageData(rect.x, rect.y, rect.width, rect.height).data;
    blankHole(crop, cropMask, rect.width, rect.height);
    const n = tensors(crop, cropMask, rect, rect.width * rect.height - holes);
    canvas.canvas.width = 0;
    return n;
  },
  old_no_meta: async (image, mask, t) => {
    const [canvas, m] = await Promise.all([decodeToCanvas(image), mask.arrayBuffer().then((b) => pngHoleMap(new Uint8Array(b)))]);
    const rect = contextRect(m!.bounds!, m!.width, m!.height);
    const { x, y, width, height } = m!.bounds!;
    let holes = 0;
    for (let r = y; r < y + height; r++) for (let i = r * m!.width + x; i < r * m!.width + x + width; i++) if (m!.hole[i]) holes++;
    t('d_old_no_meta');
    const cropMask = cropHole(m!.hole, m!.width, rect);
    const crop = canvas.context.getImageData(rect.x, rect.y, rect.width, rect.height).data;
    blankHole(crop, cropMask, rect.width, rect.height);
    const n = tensors(crop, cropMask, rect, rect.width * rect.height - holes);
    canvas.canvas.width = 0;
    return n;
  },
  meta_alone: (image) => metadata(image),
  planned: async (image, mask, t) => {
    const [input] = await Promise.all([prepareInputs({ image, mask }, undefined, { shrinkTo: (r, k) => builtinRunSize(SPEED, r, k) }), metadata(image)]);
    t('d_planned');
    return finish(input);
  },
  planned_no_shrink: async (image, mask, t) => {
    const [input] = await Promise.all([prepareInputs({ image, mask }), metadata(image)]);
    t('d_planned_no_shrink');
    return finish(input);
  },
  planned_no_meta: async (image, mask, t) => {
    const input = await prepareInputs({ image, mask }, undefined, { shrinkTo: (r, k) => builtinRunSize(SPEED, r, k) });
    t('d_planned_no_meta');
    return finish(input);
  },
};

function finish(input: PreparedInputs): number {
  const crop = input.takeCrop!('blank', input.cropHole);
  const n = tensors(crop, input.cropHole!, input.rect, input.known, input.shrunkHole?.hole);
  input.release!();
  return n;
}

self.onmessage = async (e: MessageEvent<{ image: Blob; mask: Blob; rep: number }>) => {
  const { image, mask, rep } = e.data;
  const names = Object.keys(variants);
  const out: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + rep) % names.length];
    const t0 = performance.now();
    await variants[name](image, mask, (k) => (out[k] = performance.now() - t0));
    out[`t_${name}`] = performance.now() - t0;
  }
  self.postMessage(out);
};
