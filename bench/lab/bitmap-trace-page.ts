// Lab page: `node bench/lab/bitmap-trace.mjs [--reps 6]` (see bitmap-trace.worker.ts).
import { reportWhenDone } from '../page-protocol';
import { scaled } from '../scaled';

const reps = Number(new URLSearchParams(location.search).get('reps') ?? 6);

reportWhenDone(async () => {
  const photo = await (await fetch('/corpus/dev/boats.jpg')).blob();
  const big = await scaled(photo, 4000, 3000, 'image/jpeg', true, 0.92);
  const w = new Worker(new URL('./bitmap-trace.worker.ts', import.meta.url), { type: 'module' });
  const rows: Record<string, number | string>[] = [];
  for (let r = 0; r <= reps; r++) {
    rows.push(await new Promise<Record<string, number | string>>((res) => {
      w.onmessage = (e) => res(e.data);
      w.postMessage({ image: big, rep: r });
    }));
  }
  w.terminate();
  return rows;
});
