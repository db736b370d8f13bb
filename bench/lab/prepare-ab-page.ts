// Lab page: `node bench/lab/prepare-ab.mjs [--reps 6]` (see prepare-ab.worker.ts).
import { reportWhenDone } from '../page-protocol';
import { twelveMegapixel } from '../scaled';

const q = new URLSearchParams(location.search);
const reps = Number(q.get('reps') ?? 6);

reportWhenDone(async () => {
  const { image: big, mask: bigMask } = await twelveMegapixel();
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
