// The 12 MP bench task's prepare_shrink (builtin-fill.ts: resizeHole of the crop's hole map,
// includes(0), resizeRgba 'area' with the shrunk hole as `skip`), each part timed per call in a
// worker of Chromium (whose V8 is not Node's), `reps` calls in a row: the boats blob mask at
// 4000×3000, its crop (2293×3000) shrunk to TURBO's compactSide, 256 (196×256), pseudo-random pixels;
// then, as in the task (model stage, not the shrink), the bilinear upsample over the hole's box.
import { pngHoleMap } from '../../src/image/mask-png';
import { contextRect, cropHole, resizeHole, resizeRgba } from '../../src/shared/pixels';

self.onmessage = async (e: MessageEvent<{ mask: Blob; reps: number }>) => {
  const m = (await pngHoleMap(new Uint8Array(await e.data.mask.arrayBuffer())))!;
  const rect = contextRect(m.bounds!, m.width, m.height);
  const scale = 256 / Math.max(rect.width, rect.height);
  const rw = Math.round(rect.width * scale);
  const rh = Math.round(rect.height * scale);
  let s = 7;
  const rgba = new Uint8ClampedArray(rect.width * rect.height * 4);
  for (let i = 0; i < rgba.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    rgba[i] = (i & 3) === 3 ? 255 : ((i >> 7) & 127) + (s & 63);
  }
  const rows: Record<string, number>[] = [];
  for (let r = 0; r < e.data.reps; r++) {
    const t0 = performance.now();
    const crop = cropHole(m.hole, m.width, rect);
    const t1 = performance.now();
    const small = resizeHole(crop, rect.width, rect.height, rw, rh);
    const t2 = performance.now();
    if (!small.includes(0)) throw new Error('all hole');
    const t3 = performance.now();
    const shrunk = resizeRgba(rgba, rect.width, rect.height, rw, rh, 'area', undefined, small);
    const t4 = performance.now();
    // As the task: the model's output brought back over the hole's box (here the shrunk pixels themselves).
    const box = { x: m.bounds!.x - rect.x, y: m.bounds!.y - rect.y, width: m.bounds!.width, height: m.bounds!.height };
    resizeRgba(shrunk, rw, rh, rect.width, rect.height, 'bilinear', box);
    const t5 = performance.now();
    rows.push({ cropHole: t1 - t0, resizeHole: t2 - t1, includes: t3 - t2, resizeArea: t4 - t3, shrink: t4 - t1, upBilinear: t5 - t4 });
  }
  self.postMessage(rows);
};
