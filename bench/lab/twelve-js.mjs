// node bench/lab/twelve-js.mjs ROOT [reps]: CPU ms (process.cpuUsage) of the 12 MP path's JS parts on the blob mask scaled to 4000x3000 (a synthetic photo), and a hash of each output: a change that keeps the hashes keeps the bytes. ROOT: the checkout to run (e.g. a worktree of main).
import { createServer } from 'vite';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const [root, reps = '3'] = process.argv.slice(2);
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom' });
const px = await server.ssrLoadModule('/src/shared/pixels.ts');
const pf = await server.ssrLoadModule('/src/shared/prefill.ts');
const mp = await server.ssrLoadModule('/src/image/mask-png.ts');
const tp = await server.ssrLoadModule('/src/image/test-png.ts');
const W = 4000, H = 3000;
const small = await mp.pngHoleMap(new Uint8Array(readFileSync('/work/shared/corpus/dev/masks/boats_blob.png')));
const hole = new Uint8Array(W * H);
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) hole[y * W + x] = small.hole[Math.floor((y * small.height) / H) * small.width + Math.floor((x * small.width) / W)];
// RGBA mask PNG like the canvas writes: black = hole.
const samples = new Uint8Array(W * H * 4);
for (let i = 0; i < W * H; i++) { const v = hole[i] ? 0 : 255; samples[i * 4] = samples[i * 4 + 1] = samples[i * 4 + 2] = v; samples[i * 4 + 3] = 255; }
const maskPng = await tp.encodeTestPng({ width: W, height: H, depth: 8, colourType: 6, samples, filters: [1] });
const rgba0 = new Uint8ClampedArray(W * H * 4);
let s = 12345;
for (let i = 0; i < W * H; i++) { const x = i % W, y = (i / W) | 0; s ^= s << 13; s ^= s >>> 17; s ^= s << 5; const n = (s >>> 0) & 31; rgba0[i * 4] = (x >> 4) + n; rgba0[i * 4 + 1] = (y >> 4) + n; rgba0[i * 4 + 2] = ((x + y) >> 5) + n; rgba0[i * 4 + 3] = 255; }
const h = (a) => createHash('sha256').update(a).digest('hex').slice(0, 12);
const cpu = {}, hashes = {};
const time = async (k, f) => { const t = process.cpuUsage(); const r = await f(); const u = process.cpuUsage(t); (cpu[k] ??= []).push((u.user + u.system) / 1000); return r; };
for (let r = 0; r < +reps; r++) {
  const m = await time('maskPng', () => mp.pngHoleMap(maskPng));
  hashes.maskPng = h(m.hole);
  const rgba = new Uint8ClampedArray(rgba0);
  const rect = px.contextRect(m.bounds, W, H);
  await time('prefill', () => pf.prefillHole(rgba, m.hole, W, H, rect));
  hashes.prefill = h(rgba);
  const crop = await time('cropRgba', () => px.cropRgba(rgba, W, rect));
  const ch = await time('cropHole', () => px.cropHole(m.hole, W, rect));
  const scale = 512 / Math.max(rect.width, rect.height);
  const rw = Math.round(rect.width * scale), rh = Math.round(rect.height * scale);
  const rm = await time('resizeHole', () => px.resizeHole(ch, rect.width, rect.height, rw, rh));
  hashes.resizeHole = h(rm);
  const rp = await time('resizeArea', () => px.resizeRgba(crop, rect.width, rect.height, rw, rh, 'area'));
  hashes.resizeArea = h(rp);
  const up = await time('upBilinearBox', () => px.resizeRgba(rp, rw, rh, rect.width, rect.height, 'bilinear', { x: m.bounds.x - rect.x, y: m.bounds.y - rect.y, width: m.bounds.width, height: m.bounds.height }));
  hashes.up = h(up);
  const ct = new Uint8ClampedArray(rgba);
  await time('compositeHole', () => px.compositeHole(ct, W, crop, rect, m.hole));
  if (r === 0) console.log('rect', rect, 'hole px', ch.reduce((a, b) => a + b, 0));
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const k of Object.keys(cpu)) console.log(k.padEnd(16), med(cpu[k]).toFixed(0).padStart(6), 'ms cpu', hashes[k] ?? '');
console.log(JSON.stringify(hashes));
await server.close();
