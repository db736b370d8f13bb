// Lab page: `node bench/lab/bitmap-trace.mjs [--reps 6]` (see bitmap-trace.worker.ts).
import { reportWhenDone } from '../page-protocol';
import { twelveMegapixel } from '../scaled';
import { askWorker } from './ask-worker';

const reps = Number(new URLSearchParams(location.search).get('reps') ?? 6);

reportWhenDone(async () => {
  const { image: big } = await twelveMegapixel();
  const w = new Worker(new URL('./bitmap-trace.worker.ts', import.meta.url), { type: 'module' });
  const rows: Record<string, number | string>[] = [];
  for (let r = 0; r <= reps; r++) rows.push(await askWorker<Record<string, number | string>>(w, { image: big, rep: r }));
  w.terminate();
  return rows;
});
