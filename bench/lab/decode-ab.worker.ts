// The 12 MP JPEG's decode into a CPU canvas in a worker, variants alternated (their order rotates
// each rep): createImageBitmap's options, and the PNG mask's hole map beside it or after it.
// Each variant's time is to the canvas drawn (and, with a mask, to both done), and a hash of a
// crop read from the canvas says whether a variant gives the same bytes.
import { pngHoleMap } from '../../src/image/mask-png';

type Opts = ImageBitmapOptions | undefined;
const TASK: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'none' };

async function toCanvas(image: Blob, opts: Opts): Promise<OffscreenCanvas> {
  const bmp = await createImageBitmap(image, opts);
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  c.getContext('2d', { willReadFrequently: true })!.drawImage(bmp, 0, 0);
  bmp.close();
  return c;
}

async function hashCrop(c: OffscreenCanvas): Promise<string> {
  const d = c.getContext('2d', { willReadFrequently: true })!.getImageData(1000, 500, 800, 600).data;
  const h = new Uint8Array(await crypto.subtle.digest('SHA-256', d));
  return [...h.slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const variants: Record<string, (image: Blob, mask: Blob) => Promise<OffscreenCanvas>> = {
  task_opts: (image) => toCanvas(image, TASK),
  premul_default: (image) => toCanvas(image, { imageOrientation: 'from-image', colorSpaceConversion: 'none' }),
  all_defaults: (image) => toCanvas(image, undefined),
  task_with_mask: async (image, mask) => {
    const [c] = await Promise.all([toCanvas(image, TASK), mask.arrayBuffer().then((b) => pngHoleMap(new Uint8Array(b)))]);
    return c;
  },
  image_then_mask: async (image, mask) => {
    const c = await toCanvas(image, TASK);
    await pngHoleMap(new Uint8Array(await mask.arrayBuffer()));
    return c;
  },
};

self.onmessage = async (e: MessageEvent<{ image: Blob; mask: Blob; rep: number }>) => {
  const { image, mask, rep } = e.data;
  const names = Object.keys(variants);
  const out: Record<string, number | string> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + rep) % names.length];
    const t0 = performance.now();
    const c = await variants[name](image, mask);
    out[name] = performance.now() - t0;
    if (rep === 0) out[`${name}_hash`] = await hashCrop(c);
    c.width = c.height = 0;
  }
  self.postMessage(out);
};
