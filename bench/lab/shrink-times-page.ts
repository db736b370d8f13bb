// Lab page: `node bench/lab/shrink-times.mjs [--reps 15]` (see shrink-times.worker.ts).
import { reportWhenDone } from '../page-protocol';
import { scaled } from '../scaled';
import { askWorker } from './ask-worker';

const reps = Number(new URLSearchParams(location.search).get('reps') ?? 15);

reportWhenDone(async () => {
  const mask = await scaled(await (await fetch('/corpus/dev/masks/boats_blob.png')).blob(), 4000, 3000, 'image/png', false);
  const w = new Worker(new URL('./shrink-times.worker.ts', import.meta.url), { type: 'module' });
  const rows = await askWorker<Record<string, number>[]>(w, { mask, reps });
  w.terminate();
  return rows;
});
