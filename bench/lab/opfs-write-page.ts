// Lab page of `node bench/lab/opfs-write.mjs`: runs bench/lab/opfs-write.worker.ts and reports its figures.
import { reportWhenDone } from '../page-protocol';
import { askWorker } from './ask-worker';
reportWhenDone(async () => {
  const worker = new Worker(new URL('./opfs-write.worker.ts', import.meta.url), { type: 'module' });
  const out = await askWorker(worker, null);
  worker.terminate();
  return out;
});
