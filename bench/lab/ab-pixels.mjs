// node bench/lab/ab-pixels.mjs BASE MODULE CASE [reps]: CPU ms (process.cpuUsage; the machine is shared) of one
// pixel function of the 12 MP path, BASE's checkout (e.g. a worktree of main) against this one, alternated in one
// process, on a 2295×3000 crop (the 12 MP blob's) with a 4.4 M-pixel hole; and whether the outputs' hashes agree.
// MODULE: /src/shared/prefill.ts (CASE prefillHole) or /src/shared/pixels.ts (resizeArea, upBilinear, resizeHole, compositeHole, cropRgba;
// and on the 12 MP bench task's own hole, the boats blob mask scaled to 4000×3000 (2623855 hole pixels of its 2293×3000
// crop): cropHoleTask (the crop's hole map), shrinkTask (builtin-fill.ts's prepare_shrink: resizeHole to 196×256, the
// includes(0) check, resizeRgba 'area' with the shrunk hole as `skip`), holeTask and areaSkipTask (each half alone)).
import { createServer } from 'vite';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const [base, mod, fn, reps = '7'] = process.argv.slice(2);
const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const load = async (root, module = mod) => (await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null, ws: false }, appType: 'custom' })).ssrLoadModule(module);
const A = await load(path.resolve(base)), B = await load(here);
const W = 2295, H = 3000;
const hole = new Uint8Array(W * H);
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) hole[y * W + x] = (x - 1100) ** 2 / 1e6 + (y - 1500) ** 2 / 2e6 < 1 || (x > 2000 && y % 97 < 3) ? 1 : 0;
let s = 99;
const rgba0 = new Uint8ClampedArray(W * H * 4).map((_, i) => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (i & 3) === 3 ? 255 : ((i >> 6) & 127) + (s & 63)));
// The bench's 12 MP blob task (bench-page.ts: the mask scaled nearest-neighbour, like `scaled(…, false)`) and its crop.
const task = fn.endsWith('Task') && (await (async () => {
  const png = await load(here, '/src/image/mask-png.ts');
  const m = await png.pngHoleMap(new Uint8Array(readFileSync(path.join(here, '../shared/corpus/dev/masks/boats_blob.png'))));
  const TW = 4000, TH = 3000, full = new Uint8Array(TW * TH);
  for (let y = 0; y < TH; y++) for (let x = 0; x < TW; x++) full[y * TW + x] = m.hole[Math.floor(((y + 0.5) * m.height) / TH) * m.width + Math.floor(((x + 0.5) * m.width) / TW)];
  const rect = B.contextRect(B.holeBounds(full, TW, TH), TW, TH);
  const crop = B.cropHole(full, TW, rect);
  const scale = 256 / Math.max(rect.width, rect.height);
  const rw = Math.round(rect.width * scale), rh = Math.round(rect.height * scale);
  let t = 7;
  const rgba = new Uint8ClampedArray(rect.width * rect.height * 4).map((_, i) => ((t ^= t << 13), (t ^= t >>> 17), (t ^= t << 5), (i & 3) === 3 ? 255 : ((i >> 7) & 127) + (t & 63)));
  return { full, TW, rect, crop, rw, rh, rgba, skip: B.resizeHole(crop, rect.width, rect.height, rw, rh) };
})());
const cases = {
  prefillHole: (m) => { const r = new Uint8ClampedArray(rgba0); return [() => m.prefillHole(r, hole, W, H), () => r]; },
  resizeArea: (m) => { let o; return [() => (o = m.resizeRgba(rgba0, W, H, 392, 512, 'area')), () => o]; },
  upBilinear: (m) => { const sm = m.resizeRgba(rgba0, W, H, 392, 512, 'area'); let o; return [() => (o = m.resizeRgba(sm, 392, 512, W, H, 'bilinear', { x: 300, y: 200, width: 1700, height: 2500 })), () => o]; },
  resizeHole: (m) => { let o; return [() => (o = m.resizeHole(hole, W, H, 392, 512)), () => o]; },
  compositeHole: (m) => { const t = new Uint8ClampedArray(rgba0); const f = new Uint8ClampedArray(rgba0).reverse(); return [() => m.compositeHole(t, W, f, { x: 0, y: 0, width: W, height: H }, hole), () => t]; },
  cropRgba: (m) => { let o; return [() => (o = m.cropRgba(rgba0, W, { x: 100, y: 10, width: 2000, height: 2900 })), () => o]; },
  cropHoleTask: (m) => { let o; return [() => (o = m.cropHole(task.full, task.TW, task.rect)), () => o]; },
  holeTask: (m) => { let o; return [() => (o = m.resizeHole(task.crop, task.rect.width, task.rect.height, task.rw, task.rh)), () => o]; },
  areaSkipTask: (m) => { let o; return [() => (o = m.resizeRgba(task.rgba, task.rect.width, task.rect.height, task.rw, task.rh, 'area', undefined, task.skip)), () => o]; },
  shrinkTask: (m) => {
    let o;
    const { rect, rw, rh } = task;
    return [() => {
      const small = m.resizeHole(task.crop, rect.width, rect.height, rw, rh);
      if (!small.includes(0)) throw new Error('all hole');
      const area = m.resizeRgba(task.rgba, rect.width, rect.height, rw, rh, 'area', undefined, small);
      o = Buffer.concat([small, new Uint8Array(area.buffer, area.byteOffset, area.length)]);
    }, () => o];
  },
};
const res = { A: [], B: [] }, hashes = {};
for (let r = 0; r < +reps; r++) for (const [k, m] of [['A', A], ['B', B]]) {
  const [run, out] = cases[fn](m);
  const t = process.cpuUsage(); run(); const u = process.cpuUsage(t);
  res[k].push((u.user + u.system) / 1000);
  hashes[k] = createHash('sha256').update(out()).digest('hex').slice(0, 12);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(fn, 'base min/med', Math.min(...res.A).toFixed(0), med(res.A).toFixed(0), 'this min/med', Math.min(...res.B).toFixed(0), med(res.B).toFixed(0), 'this ÷ base (med)', (med(res.B) / med(res.A)).toFixed(2), 'hash', hashes.A, hashes.B, hashes.A === hashes.B ? 'SAME' : 'DIFFERENT');
process.exit(0);
