// The 12 MP JPEG's createImageBitmap + draw with each option set, between console.timeStamp marks
// (bitmap-trace.mjs attributes the trace's decode and bitmap tasks to each), rotated each rep.
const TASK: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'none' };
const variants: Record<string, ImageBitmapOptions | undefined> = {
  task_opts: TASK,
  csc_none: { colorSpaceConversion: 'none' },
  orient: { imageOrientation: 'from-image' },
  premul_none: { premultiplyAlpha: 'none' },
  all_defaults: undefined,
};

async function hashCrop(c: OffscreenCanvas): Promise<string> {
  const d = c.getContext('2d', { willReadFrequently: true })!.getImageData(1000, 500, 800, 600).data;
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', d)).slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

self.onmessage = async (e: MessageEvent<{ image: Blob; rep: number }>) => {
  const { image, rep } = e.data;
  const names = Object.keys(variants);
  const out: Record<string, number | string> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + rep) % names.length];
    await new Promise((r) => setTimeout(r, 50));
    console.timeStamp(`start:${name}`);
    const t0 = performance.now();
    const bmp = await createImageBitmap(image, variants[name]);
    const t1 = performance.now();
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    c.getContext('2d', { willReadFrequently: true })!.drawImage(bmp, 0, 0);
    bmp.close();
    const t2 = performance.now();
    console.timeStamp(`end:${name}`);
    out[`bitmap_${name}`] = t1 - t0;
    out[`draw_${name}`] = t2 - t1;
    if (rep === 0) out[`hash_${name}`] = await hashCrop(c);
    c.width = c.height = 0;
  }
  self.postMessage(out);
};
