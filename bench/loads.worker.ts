/**
 * The bench's weight-loading section, run where the cache runs in the app: a
 * dedicated worker (OPFS sync access handles exist only there). The baseline,
 * a plain `fetch().arrayBuffer()` of the same URL, runs in the same worker.
 */
import { evictModel, getModelFile } from '../workers/cache';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

self.onmessage = async (e: MessageEvent<{ origin: string; reps: number; sizes: [string, number][] }>) => {
  try {
    const out = [];
    for (const [name, bytes] of e.data.sizes) {
      const url = `${e.data.origin}/bench-model/${bytes}`;
      const sha256 = await (await fetch(`${url}.sha256`)).text();
      const file = { url, bytes, sha256 };
      const fetchMs: number[] = [];
      const serverMs: number[] = [];
      const cacheMs: number[] = [];
      for (let i = 0; i < e.data.reps; i++) {
        let t = performance.now();
        await (await fetch(url, { cache: 'no-store' })).arrayBuffer();
        fetchMs.push(performance.now() - t);
        await evictModel(url);
        t = performance.now();
        await getModelFile(file, { modelId: `bench-${bytes}` });
        serverMs.push(performance.now() - t);
        t = performance.now();
        await getModelFile(file, { modelId: `bench-${bytes}` });
        cacheMs.push(performance.now() - t);
      }
      await evictModel(url);
      out.push({ name, bytes, fetch_ms: median(fetchMs), server_ms: median(serverMs), idb_ms: median(cacheMs), runs: { fetchMs, serverMs, cacheMs } });
      console.log(JSON.stringify(out[out.length - 1]));
    }
    self.postMessage({ ok: out });
  } catch (error) {
    self.postMessage({ error: String((error as Error)?.stack ?? error) });
  }
};
