/**
 * Lab worker (`node bench/lab/opfs-write.mjs`): how fast this machine's Chromium stores 200 MiB in
 * the Origin Private File System, five ways, against a plain `fetch` of as many bytes from the
 * bench's loopback server, in the same worker and run: the floor under the cache's first download
 * (workers/cache/download.ts writes a file per 4 MiB chunk through a sync access handle).
 */
const CHUNK = 4 * 1024 * 1024;
const N = 50;
type Sync = { write(d: Uint8Array, o?: { at: number }): number; close(): void; flush(): void };
self.onmessage = async () => {
  const root = await navigator.storage.getDirectory();
  const data = new Uint8Array(CHUNK * N);
  for (let i = 0; i < data.length; i += 4096) data[i] = i & 255;
  const res: Record<string, number[]> = {};
  const ways: Record<string, (dir: FileSystemDirectoryHandle) => Promise<void>> = {
    perChunkSync: async (dir) => {
      for (let i = 0; i < N; i++) {
        const fh = await dir.getFileHandle(String(i), { create: true });
        const s = (await (fh as any).createSyncAccessHandle()) as Sync;
        s.write(data.subarray(i * CHUNK, (i + 1) * CHUNK), { at: 0 });
        s.close();
      }
    },
    oneSync: async (dir) => {
      const fh = await dir.getFileHandle('all', { create: true });
      const s = (await (fh as any).createSyncAccessHandle()) as Sync;
      for (let i = 0; i < N; i++) s.write(data.subarray(i * CHUNK, (i + 1) * CHUNK), { at: i * CHUNK });
      s.close();
    },
    perChunkWritable: async (dir) => {
      for (let i = 0; i < N; i++) {
        const fh = await dir.getFileHandle(String(i), { create: true });
        const w = await fh.createWritable();
        await w.write(data.subarray(i * CHUNK, (i + 1) * CHUNK));
        await w.close();
      }
    },
    perChunkWritableNoWait: async (dir) => {
      const pending: Promise<void>[] = [];
      for (let i = 0; i < N; i++) {
        pending.push((async () => {
          const fh = await dir.getFileHandle(String(i), { create: true });
          const w = await fh.createWritable();
          await w.write(data.slice(i * CHUNK, (i + 1) * CHUNK));
          await w.close();
        })());
      }
      await Promise.all(pending);
    },
    oneWritable: async (dir) => {
      const fh = await dir.getFileHandle('all', { create: true });
      const w = await fh.createWritable();
      for (let i = 0; i < N; i++) await w.write(data.subarray(i * CHUNK, (i + 1) * CHUNK));
      await w.close();
    },
  };
  for (let r = 0; r < 3; r++) {
    const f = performance.now();
    await (await fetch(`/bench-model/${CHUNK * N}`, { cache: 'no-store' })).arrayBuffer();
    (res.fetch ??= []).push(Math.round(performance.now() - f));
    for (const [name, way] of Object.entries(ways)) {
      try { await root.removeEntry('lab', { recursive: true }); } catch {}
      const dir = await root.getDirectoryHandle('lab', { create: true });
      const t = performance.now();
      await way(dir);
      (res[name] ??= []).push(Math.round(performance.now() - t));
    }
  }
  try { await root.removeEntry('lab', { recursive: true }); } catch {}
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    await crypto.subtle.digest('SHA-256', data);
    (res.sha256 ??= []).push(Math.round(performance.now() - t));
  }
  self.postMessage(res);
};
