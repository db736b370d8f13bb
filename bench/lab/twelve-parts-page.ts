// Lab page: `node bench/lab/twelve-parts.mjs [--reps 5]` (see twelve-parts.worker.ts).
import { reportWhenDone } from '../page-protocol';
import { twelveMegapixel } from '../scaled';
import { askWorker } from './ask-worker';

const q = new URLSearchParams(location.search);
const reps = Number(q.get('reps') ?? 5);

reportWhenDone(async () => {
  const { image: big, mask: bigMask } = await twelveMegapixel();
  const w = new Worker(new URL('./twelve-parts.worker.ts', import.meta.url), { type: 'module' });
  const rows: Record<string, number>[] = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    const bmp = await createImageBitmap(big);
    const t1 = performance.now();
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    c.getContext('2d')!.drawImage(bmp, 0, 0);
    const t2 = performance.now();
    await c.convertToBlob({ type: 'image/png' });
    const t3 = performance.now();
    bmp.close();
    const row = await askWorker<Record<string, number>>(w, { image: big, mask: bigMask });
    Object.assign(row, { page_decode: t1 - t0, page_draw: t2 - t1, page_png: t3 - t2, page_total: t3 - t0 });
    console.log(JSON.stringify(row, (_k, v) => (typeof v === 'number' ? Math.round(v) : v)));
    if (r > 0) rows.push(row);
  }
  w.terminate();
  return rows;
});
