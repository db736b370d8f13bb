// node bench/lab/sim.mjs LABDIR [--speed DEFAULT] [--only a,b] [--masks brush,blob] [--set '{"gain":2.6}'] [--json f] [--module /path/to/texture.ts]
// Runs synthesizeTexture (seed 1234, as the eval) on the crops that dump.mjs wrote and scores
// hole PSNR, SSIM and HSR as bench/eval-page.ts does; also its time and the typed-array
// bytes it allocates per crop pixel (`--set` overrides texture parameters, e.g. {"gain":2.6}).
import { createServer } from 'vite';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ROOT } from '../harness.mjs';
const argv = process.argv.slice(2);
const dir = argv[0];
const opt = (k, d) => (argv.includes(`--${k}`) ? argv[argv.indexOf(`--${k}`) + 1] : d);
const speed = opt('speed', 'DEFAULT');
const only = opt('only');
const set = JSON.parse(opt('set', '{}'));
// Bytes allocated by typed-array constructors with a length (views on existing buffers do not count).
let allocated = 0;
for (const T of [Float32Array, Float64Array, Int32Array, Uint16Array, Uint8Array, Uint8ClampedArray]) {
  globalThis[T.name] = class extends T {
    constructor(...a) {
      super(...a);
          if (!(a[0] instanceof ArrayBuffer)) allocated += this.byteLength;
    }
  };
}
const server = await createServer({ root: ROOT, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom' });
const tex = await server.ssrLoadModule(opt('module', '/src/shared/texture.ts'));
const met = await server.ssrLoadModule('/bench/metrics.ts');
const px = await server.ssrLoadModule('/src/shared/pixels.ts');
const masks = opt('masks', 'brush,blob,lines').split(',');
const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')).filter((m) => m.speed === speed && masks.includes(m.mask) && (!only || only.split(',').some((o) => m.image.startsWith(o))));
const params = { ...tex.BUILTIN_TEXTURE_PARAMS[speed], ...set };
const rows = [];
for (const m of meta) {
  const rd = (s) => new Uint8ClampedArray(readFileSync(path.join(dir, `${m.stem}.${s}`)));
  const st = rd('structure.rgba'), orig = rd('orig.rgba'), hole = new Uint8Array(rd('hole.u8'));
  const { width: w, height: h } = m.rect;
  const fill = new Uint8ClampedArray(st);
  globalThis.__texStats = {};
  allocated = 0;
  const t0 = performance.now();
  tex.synthesizeTexture(fill, hole, w, h, params, 1234);
  const ms = performance.now() - t0;
  const bytes = allocated;
  const ch = m.grey ? 1 : 3;
  const box = px.holeBounds(hole, w, h);
  const c = px.contextRect(box, w, h, { margin: 6 });
  const cut = (rgba) => met.fromRgba(px.cropRgba(rgba, w, c), c.width, c.height, ch);
  const hc = px.cropHole(hole, w, c);
  const a = cut(orig), b = cut(fill);
  rows.push({ image: m.image, mask: m.mask, psnr: met.psnr(a, b, hc), ssim: met.ssim(a, b, hc), hsr: met.hsr(b, a, hc), ms, px: w * h, bytesPerPx: bytes / (w * h), hash: createHash('sha256').update(fill).digest('hex').slice(0, 16), stats: globalThis.__texStats });
  if (argv.includes('--v')) console.error(JSON.stringify(rows.at(-1)));
}
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const lines = [];
for (const mask of ['brush', 'blob', 'lines']) {
  const rs = rows.filter((r) => r.mask === mask);
  if (!rs.length) continue;
  lines.push(`${speed} ${mask.padEnd(5)} n=${rs.length} PSNR ${mean(rs.map((r) => r.psnr)).toFixed(2)} SSIM ${mean(rs.map((r) => r.ssim)).toFixed(3)} HSR ${mean(rs.map((r) => r.hsr)).toFixed(2)} ms ${mean(rs.map((r) => r.ms)).toFixed(0)} ns/px ${(1e6 * mean(rs.map((r) => r.ms / r.px))).toFixed(0)} B/px ${mean(rs.map((r) => r.bytesPerPx)).toFixed(1)} max ${Math.max(...rs.map((r) => r.bytesPerPx)).toFixed(1)}`);
}
console.log(lines.join('\n'));
if (opt('json')) writeFileSync(opt('json'), JSON.stringify(rows, null, 1));
await server.close();
