// node --expose-gc bench/lab/twelve-texture-mem.mjs ROOT [reps]: the 12 MP blob task's full-size
// texture stages alone in Node (the boats blob mask scaled to 4000×3000 as in `npm run bench
// -- --sections twelve`, a synthetic photo with the hole prefilled flat, TURBO): per stage
// (smoothRim, synthesizeTexture) the typed-array bytes it allocates, the rise of this process's
// resident-set high-water mark (Linux VmHWM, reset through /proc/self/clear_refs, from a
// collected heap), its CPU ms, and a hash of the crop after it: the same hashes keep the
// bytes. ROOT: the checkout to run (e.g. a worktree of main).
import { createServer } from 'vite';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const [root, reps = '1', speed = 'TURBO'] = process.argv.slice(2);
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom' });
const px = await server.ssrLoadModule('/src/shared/pixels.ts');
const tex = await server.ssrLoadModule('/src/shared/texture.ts');
const mp = await server.ssrLoadModule('/src/image/mask-png.ts');
const W = 4000, H = 3000;
const small = await mp.pngHoleMap(new Uint8Array(readFileSync('/work/shared/corpus/dev/masks/boats_blob.png')));
const hole = new Uint8Array(W * H);
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) hole[y * W + x] = small.hole[Math.floor((y * small.height) / H) * small.width + Math.floor((x * small.width) / W)];
const bounds = px.holeBounds(hole, W, H);
const rect = px.contextRect(bounds, W, H);
const rgba = new Uint8ClampedArray(rect.width * rect.height * 4);
let s = 12345;
for (let i = 0; i < rect.width * rect.height; i++) {
  const x = i % rect.width, y = (i / rect.width) | 0;
  s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
  const n = (s >>> 0) & 31;
  rgba[i * 4] = (x >> 4) + n; rgba[i * 4 + 1] = (y >> 4) + n; rgba[i * 4 + 2] = ((x + y) >> 5) + n; rgba[i * 4 + 3] = 255;
}
const ch = px.cropHole(hole, W, rect);
// The structure fill stand-in: a smooth gradient in the hole.
for (let i = 0; i < ch.length; i++) if (ch[i]) { const x = i % rect.width, y = (i / rect.width) | 0; rgba[i * 4] = x >> 4; rgba[i * 4 + 1] = y >> 4; rgba[i * 4 + 2] = (x + y) >> 5; }
const p = tex.BUILTIN_TEXTURE_PARAMS[speed];
let holeCount = 0;
for (const v of ch) holeCount += v;
console.log(`crop ${rect.width}x${rect.height}, hole box ${bounds.width}x${bounds.height}, ${holeCount} hole px, ${speed}`);
const hwm = () => +/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] * 1024;
const rss = () => +/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] * 1024;
// Typed-array bytes allocated with a length (as test/fixtures/typed-array-bytes.ts counts).
let bytes = 0;
for (const name of ['Float32Array', 'Float64Array', 'Int32Array', 'Uint16Array', 'Uint8Array', 'Uint8ClampedArray', 'Uint32Array']) {
  const T = globalThis[name];
  globalThis[name] = class extends T { constructor(...a) { super(...a); if (!(a[0] instanceof ArrayBuffer)) bytes += this.byteLength; } };
}
const h = (a) => createHash('sha256').update(a).digest('hex').slice(0, 16);
const mb = (b) => (b / 1e6).toFixed(1);
const stage = (name, f) => {
  globalThis.gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  const base = rss();
  bytes = 0;
  const t = process.cpuUsage();
  f();
  const u = process.cpuUsage(t);
  const rise = hwm() - base;
  return { name, bytes, rise, cpu: (u.user + u.system) / 1000 };
};
for (let r = 0; r < +reps; r++) {
  const out = new Uint8ClampedArray(rgba);
  const a = stage('smoothRim', () => tex.smoothRim(out, ch, rect.width, rect.height, p.rimDepth, p.rimSweeps, p.rimOmega));
  const ha = h(out);
  const b = stage('synthesizeTexture', () => tex.synthesizeTexture(out, ch, rect.width, rect.height, p, 1234));
  const hb = h(out);
  for (const [st, hash] of [[a, ha], [b, hb]]) console.log(`${st.name.padEnd(18)} typed ${mb(st.bytes).padStart(7)} MB (${(st.bytes / (rect.width * rect.height)).toFixed(2)} B/crop px)  VmHWM rise ${mb(st.rise).padStart(7)} MB  cpu ${st.cpu.toFixed(0).padStart(5)} ms  hash ${hash}`);
}
await server.close();
