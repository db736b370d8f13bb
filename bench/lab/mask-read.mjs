#!/usr/bin/env node
// `node bench/lab/mask-read.mjs ROOT [reps]`: the 12 MP PNG mask's read (src/image/mask-png.ts
// pngHoleMap) in Node, as ROOT's code does it (e.g. a worktree of an older commit), on the
// twelve bench's mask: the boats blob scaled to 4000×3000, written as Chromium's canvas writes
// a PNG (RGBA, every row filtered Up, zlib level 1: the header and filters of the file the bench
// makes). Prints the median and the least of `reps` reads (wall ms; CPU ms alike, the read
// being synchronous work), and a hash of the hole map: the same hash, the same map.
import { createServer } from 'vite';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const [root, reps = '15'] = process.argv.slice(2);
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom' });
const mp = await server.ssrLoadModule('/src/image/mask-png.ts');
const { pngChunk } = await server.ssrLoadModule('/src/image/metadata/png.ts');
const { concatBytes } = await server.ssrLoadModule('/src/image/metadata/bytes.ts');
const W = 4000;
const H = 3000;
const small = await mp.pngHoleMap(new Uint8Array(readFileSync('/work/shared/corpus/dev/masks/boats_blob.png')));
const stride = W * 4 + 1;
const raw = Buffer.alloc(stride * H);
for (let y = 0; y < H; y++) {
  raw[y * stride] = 2;
  const sy = Math.floor((y * small.height) / H);
  const above = y === 0 ? -1 : Math.floor(((y - 1) * small.height) / H);
  for (let x = 0; x < W; x++) {
    const v = small.hole[sy * small.width + Math.floor((x * small.width) / W)] ? 0 : 255;
    const up = above < 0 ? 0 : small.hole[above * small.width + Math.floor((x * small.width) / W)] ? 0 : 255;
    const o = y * stride + 1 + x * 4;
    raw[o] = raw[o + 1] = raw[o + 2] = (v - up) & 255;
    raw[o + 3] = above < 0 ? 255 : 0;
  }
}
const ihdr = new Uint8Array(13);
new DataView(ihdr.buffer).setUint32(0, W);
new DataView(ihdr.buffer).setUint32(4, H);
ihdr.set([8, 6, 0, 0, 0], 8);
const z = deflateSync(raw, { level: 1 });
const idat = [];
for (let i = 0; i < z.length; i += 65536) idat.push(pngChunk('IDAT', z.subarray(i, i + 65536)));
const png = concatBytes([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', ihdr), ...idat, pngChunk('IEND', new Uint8Array())]);
const times = [];
let map;
for (let r = 0; r < +reps; r++) {
  const t = performance.now();
  map = await mp.pngHoleMap(png);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const hash = createHash('sha256').update(map.hole).digest('hex').slice(0, 12);
console.log(`${root}: ${png.length} byte mask, read median ${times[times.length >> 1].toFixed(1)} ms, least ${times[0].toFixed(1)} ms over ${reps}; hole map ${hash}, bounds ${JSON.stringify(map.bounds)}`);
await server.close();
