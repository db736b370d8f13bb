// Lab page: `node bench/lab/prepare-ab.mjs [--reps 6]` (see prepare-ab.worker.ts).
import { reportWhenDone } from '../page-protocol';
import { twelveMegapixel } from '../scaled';
import { warmedRows } from './ask-worker';

const q = new URLSearchParams(location.search);
const reps = Number(q.get('reps') ?? 6);

reportWhenDone(async () => {
  const { image: big, mask: bigMask } = await twelveMegapixel();
  const w = new Worker(new URL('./prepare-ab.worker.ts', import.meta.url), { type: 'module' });
  const rows = await warmedRows<Record<string, number | string>>(w, reps, (rep) => ({ image: big, mask: bigMask, rep }));
  w.terminate();
  return rows;
});
