// Lab page of `node bench/lab/opfs-write.mjs`: runs bench/lab/opfs-write.worker.ts and reports its figures.
import { reportWhenDone } from '../page-protocol';
reportWhenDone(async () => {
  const worker = new Worker(new URL('./opfs-write.worker.ts', import.meta.url), { type: 'module' });
  const out = await new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage(null); });
  worker.terminate();
  return out;
});
