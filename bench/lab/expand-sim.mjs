// node bench/lab/expand-sim.mjs LABDIR [--root DIR] [--only a,b] [--set '{"detail":0.9}'] [--sheet DIR] [--rows 400] [--reps N]:
// the expand lab, second half. Replays the quilt (quiltBorder, seed 1234) and the paste-back
// (compositeHole, finishExpand) on what bench/lab/expand-dump.mjs wrote, and scores the band
// as bench/eval-expand.ts does (band PSNR, SSIM, HSR): the same bytes as `npm run eval -- --task expand`
// when the structure is the same. Prints each photo's figures, the quilt's CPU time (process.cpuUsage,
// not wall time: the machine is shared) and a hash of its output; `--root` runs another
// checkout's quilt (e.g. main's, for a time ratio in the same session); `--sheet` writes
// real | ours per photo as PNGs (the right 2·band columns, `--rows` px high).
import { createServer } from 'vite';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { ROOT } from '../harness.mjs';
const argv = process.argv.slice(2);
const dir = argv[0];
const opt = (k, d) => (argv.includes(`--${k}`) ? argv[argv.indexOf(`--${k}`) + 1] : d);
const root = opt('root', ROOT);
const only = opt('only');
const set = JSON.parse(opt('set', '{}'));
const reps = +opt('reps', '1');
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom' });
const q = await server.ssrLoadModule('/src/shared/expand-quilt.ts');
const ex = await server.ssrLoadModule('/src/shared/expand.ts');
const px = await server.ssrLoadModule('/src/shared/pixels.ts');
const met = await server.ssrLoadModule('/bench/metrics.ts');
const params = { ...q.EXPAND_QUILT, ...set };
const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')).filter((m) => !only || only.split(',').some((o) => m.image.startsWith(o)));
const rows = [];
let cpu = 0;
for (const m of meta) {
  const rd = (s) => readFileSync(path.join(dir, `${m.stem}.${s}`));
  const canvas = new Uint8ClampedArray(rd('canvas.rgba'));
  const hole = new Uint8Array(rd('hole.u8'));
  const real = new Uint8ClampedArray(rd('real.rgba'));
  const { width: W, height: H, rect, original } = m;
  const thickness = Math.max(original.x, original.y, W - original.x - original.width, H - original.y - original.height);
  const known = q.knownRect(hole, W, H, original);
  const place = { inner: { ...original, x: original.x - rect.x, y: original.y - rect.y }, source: { rgba: canvas, width: W, known, offset: { x: rect.x, y: rect.y } } };
  const cropMask = px.cropHole(hole, W, rect);
  let crop;
  let ms = 0;
  for (let r = 0; r < reps; r++) {
    crop = px.cropRgba(canvas, W, rect);
    const t0 = process.cpuUsage();
    q.quiltBorder(crop, cropMask, rect.width, rect.height, thickness, params, 1234, place);
    const u = process.cpuUsage(t0);
    ms += (u.user + u.system) / 1000;
  }
  ms /= reps;
  cpu += ms;
  const out = new Uint8ClampedArray(canvas);
  px.compositeHole(out, W, crop, rect, hole);
  const input = px.cropRgba(real, W, original);
  ex.finishExpand(out, W, input, original, m.feather);
  const b = m.band;
  const band = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) band.fill(1, y * W + W - b, (y + 1) * W);
  const ch = m.grey ? 1 : 3;
  const box = { x: Math.max(0, W - b - 6), y: 0, width: Math.min(W, b + 6), height: H };
  const cut = (rgba) => met.fromRgba(px.cropRgba(rgba, W, box), box.width, box.height, ch);
  const a = met.fromRgba(real, W, H, ch);
  const o = met.fromRgba(out, W, H, ch);
  const row = { image: m.image, psnr: met.psnr(a, o, band), ssim: met.ssim(cut(real), cut(out), px.cropHole(band, W, box)), hsr: met.hsr(o, a, band), cpuMs: ms, hash: createHash('sha256').update(out).digest('hex').slice(0, 12) };
  rows.push(row);
  console.log(`${row.image.padEnd(15)} PSNR ${row.psnr.toFixed(3)} SSIM ${row.ssim.toFixed(3)} HSR ${row.hsr.toFixed(3)} cpu ${ms.toFixed(0)} ms ${row.hash}`);
  if (opt('crop') && opt('sheet')) {
    // --crop X,Y,S: a full-resolution S × S window of ours (X from the band's left edge, negative into the original).
    const [cx, cy, cs] = opt('crop').split(',').map(Number);
    const x0 = Math.max(0, Math.min(W - cs, W - b + cx));
    const y0 = Math.max(0, Math.min(H - cs, cy));
    const png = new PNG({ width: 2 * cs + 8, height: cs });
    png.data.fill(255);
    [real, out].forEach((img, k) => {
      for (let y = 0; y < cs; y++) for (let x = 0; x < cs; x++) for (let c = 0; c < 4; c++) png.data[(y * png.width + x + k * (cs + 8)) * 4 + c] = c === 3 ? 255 : img[((y0 + y) * W + x0 + x) * 4 + c];
    });
    mkdirSync(opt('sheet'), { recursive: true });
    writeFileSync(path.join(opt('sheet'), `${m.image.replace(/\.[^.]+$/, '')}-crop.png`), PNG.sync.write(png));
  }
  if (opt('sheet')) {
    const sh = +opt('rows', '400');
    const rx = Math.max(0, W - 2 * b);
    const rw = W - rx;
    const sw = Math.max(1, Math.round((rw * sh) / H));
    const png = new PNG({ width: 2 * sw + 8, height: sh });
    png.data.fill(255);
    [real, out].forEach((img, k) => {
      for (let y = 0; y < sh; y++) {
        for (let x = 0; x < sw; x++) {
          // box average of the source pixels under this one
          const [ya, yb] = [Math.floor((y * H) / sh), Math.max(Math.floor((y * H) / sh) + 1, Math.floor(((y + 1) * H) / sh))];
          const [xa, xb] = [rx + Math.floor((x * rw) / sw), rx + Math.max(Math.floor((x * rw) / sw) + 1, Math.floor(((x + 1) * rw) / sw))];
          const s = [0, 0, 0];
          let n = 0;
          for (let yy = ya; yy < yb; yy++) for (let xx = xa; xx < xb; xx++) { for (let c = 0; c < 3; c++) s[c] += img[(yy * W + xx) * 4 + c]; n++; }
          const p = (y * png.width + x + k * (sw + 8)) * 4;
          for (let c = 0; c < 3; c++) png.data[p + c] = Math.round(s[c] / n);
          png.data[p + 3] = 255;
        }
      }
    });
    mkdirSync(opt('sheet'), { recursive: true });
    writeFileSync(path.join(opt('sheet'), `${m.image.replace(/\.[^.]+$/, '')}.png`), PNG.sync.write(png));
  }
}
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(`mean (${rows.length}) PSNR ${mean(rows.map((r) => r.psnr)).toFixed(3)} SSIM ${mean(rows.map((r) => r.ssim)).toFixed(4)} HSR ${mean(rows.map((r) => r.hsr)).toFixed(3)} quilt cpu ${cpu.toFixed(0)} ms`);
await server.close();
