// Throwaway: runs the real generated graph on the dev corpus like the pipeline does.
import * as ort from 'onnxruntime-web';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { BUILTIN_SPEED_PARAMS, buildBuiltinFillModel, builtinSizeMultiple } from '../../models/builtin/graph';
import {
  compositeHole, contextRect, cropHole, cropRgba, holeBounds, holeToPlanarFloat, padSize,
  planarFloatToRgba, resizeHole, resizeRgba, rgbaToPlanarFloat,
} from '../../src/shared/pixels';

ort.env.wasm.numThreads = 1;
const C = '/tmp/corpus';
const speed = (process.env.SPEED ?? 'DEFAULT') as 'TURBO' | 'DEFAULT' | 'QUALITY';
const params = { ...BUILTIN_SPEED_PARAMS[speed], ...(process.env.PARAMS ? JSON.parse(process.env.PARAMS) : {}) };
const outDir = process.env.OUT ?? `/tmp/out/${speed}`;
mkdirSync(outDir, { recursive: true });
const only = process.env.ONLY;

function noiseOf(seed: number, n: number): Float32Array {
  let s = seed >>> 0;
  const rnd = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = rnd() || 1e-12, v = rnd();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

const cases = JSON.parse(readFileSync(`${C}/cases.json`, 'utf8')) as { stem: string; type: string; w: number; h: number; c: number }[];
const session = await ort.InferenceSession.create(buildBuiltinFillModel(params));
console.error(speed, JSON.stringify(params));
const times: string[] = [];
for (const cs of cases) {
  if (only && !`${cs.stem}_${cs.type}`.includes(only)) continue;
  const raw = readFileSync(`${C}/${cs.stem}.img`);
  const n = cs.w * cs.h;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) rgba[i * 4 + k] = raw[i * cs.c + (cs.c === 3 ? k : 0)];
    rgba[i * 4 + 3] = 255;
  }
  const hole = new Uint8Array(readFileSync(`${C}/${cs.stem}_${cs.type}.mask`));
  const t0 = performance.now();
  const rect = contextRect(holeBounds(hole, cs.w, cs.h)!, cs.w, cs.h);
  const crop = cropRgba(rgba, cs.w, rect);
  const cmask = cropHole(hole, cs.w, rect);
  const scale = Math.min(1, params.maxSide / Math.max(rect.width, rect.height));
  const rw = Math.max(1, Math.round(rect.width * scale)), rh = Math.max(1, Math.round(rect.height * scale));
  const rpix = scale < 1 ? resizeRgba(crop, rect.width, rect.height, rw, rh, 'area') : crop;
  const rmask = scale < 1 ? resizeHole(cmask, rect.width, rect.height, rw, rh) : cmask;
  const m = builtinSizeMultiple(params);
  const padTo = { width: padSize(rw, m), height: padSize(rh, m) };
  const feeds = {
    image: new ort.Tensor('float32', rgbaToPlanarFloat(rpix, rw, rh, { padTo }), [1, 3, padTo.height, padTo.width]),
    mask: new ort.Tensor('float32', holeToPlanarFloat(rmask, rw, rh, padTo), [1, 1, padTo.height, padTo.width]),
    noise: new ort.Tensor('float32', noiseOf(1234, padTo.width * padTo.height), [1, 1, padTo.height, padTo.width]),
  };
  const t1 = performance.now();
  const out = await session.run(feeds);
  const t2 = performance.now();
  let fill = planarFloatToRgba(out.output.data as Float32Array, padTo.width, padTo.height, { crop: { width: rw, height: rh } });
  if (scale < 1) fill = resizeRgba(fill, rw, rh, rect.width, rect.height, 'bilinear');
  const result = new Uint8ClampedArray(rgba);
  compositeHole(result, cs.w, fill, rect, hole);
  const t3 = performance.now();
  const res = new Uint8Array(n * cs.c);
  for (let i = 0; i < n; i++) for (let k = 0; k < cs.c; k++) res[i * cs.c + k] = result[i * 4 + k];
  writeFileSync(`${outDir}/${cs.stem}_${cs.type}.raw`, res);
  times.push(`${cs.stem}_${cs.type}\t${padTo.width}x${padTo.height}\t${(t2 - t1).toFixed(0)}\t${(t3 - t0 - (t2 - t1)).toFixed(0)}`);
}
writeFileSync(`${outDir}/times.tsv`, times.join('\n') + '\n');
