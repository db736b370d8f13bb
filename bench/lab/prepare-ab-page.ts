// Lab page: `node bench/lab/prepare-ab.mjs [--reps 6]` (see prepare-ab.worker.ts).
import { reportWhenDone } from '../page-protocol';
import { scaled } from '../scaled';

const q = new URLSearchParams(location.search);
const reps = Number(q.get('reps') ?? 6);

reportWhenDone(async () => {
  const photo = await (await fetch('/corpus/dev/boats.jpg')).blob();
  const mask = await (await fetch('/corpus/dev/masks/boats_blob.png')).blob();
  const big = await scaled(photo, 4000, 3000, 'image/jpeg', true, 0.92);
  const bigMask = await scaled(mask, 4000, 3000, 'image/png', false);
  const w = new Worker(new URL('./prepare-ab.worker.ts', import.meta.url), { type: 'module' });
  const rows: Record<string, number | string>[] = [];
  for (let r = 0; r <= reps; r++) {
    const row = await new Promise<Record<string, number | string>>((res) => {
      w.onmessage = (e) => res(e.data);
      w.postMessage({ image: big, mask: bigMask, rep: r });
    });
    console.log(JSON.stringify(row, (_k, v) => (typeof v === 'number' ? Math.round(v) : v)));
    if (r > 0) rows.push(row);
  }
  w.terminate();
  return rows;
});
