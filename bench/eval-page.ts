/**
 * `npm run eval`, the page half: runs every corpus case through the real
 * InpaintClient (worker, ORT, crop, composite, PNG encode) and measures the
 * output against the original with the corpus README's metrics.
 */
import { InpaintClient } from '../src/client/inpaint-client';
import { reportWhenDone } from './page-protocol';
import { evalExpand } from './eval-expand';
import { decodeImage } from '../src/image/decode';
import { encodeImage } from '../src/image/encode';
import { fromRgba, hsr, psnr, ssim } from './metrics';
import { contextRect, cropHole, cropRgba, holeBounds, holeMapFromRgba, isGrey } from '../src/shared/pixels';
import type { RenderingSpeed } from '../src/request/types';
import { bytesToBase64 } from './base64';


const params = new URLSearchParams(location.search);
const speeds = (params.get('speeds') ?? 'DEFAULT').split(',') as RenderingSpeed[];
const only = params.get('only');
const backend = (params.get('backend') ?? 'wasm') as 'wasm' | 'webgpu';
/** With `thumbs=1` every row carries a PNG (base64) of the output, for bench/contact-sheet.mjs. */
const thumbs = params.get('thumbs') === '1';
/** Longest side of a thumbnail: enough to judge seams and repetition. */
const THUMB_SIDE = 480;

/** The whole image scaled to THUMB_SIDE on its longer side, as base64 PNG. */
async function thumbnail(rgba: Uint8ClampedArray, width: number, height: number): Promise<string> {
  const s = Math.min(1, THUMB_SIDE / Math.max(width, height));
  const src = new OffscreenCanvas(width, height);
  src.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  const dst = new OffscreenCanvas(Math.round(width * s), Math.round(height * s));
  const g = dst.getContext('2d')!;
  g.imageSmoothingQuality = 'high';
  g.drawImage(src, 0, 0, dst.width, dst.height);
  return bytesToBase64(new Uint8Array(await (await dst.convertToBlob({ type: 'image/png' })).arrayBuffer()));
}

async function main() {
  const manifest = await (await fetch('/corpus/MASKS.tsv')).text();
  const cases = manifest
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .filter((c) => c[1] === 'dev' && (!only || only.split(',').some((o) => c[0].startsWith(o))))
    .map((c) => ({ image: c[0], maskType: c[2], mask: c[3] }));
  const client = new InpaintClient({ backend, persist: false });
  const rows = [];
  for (const speed of speeds) {
    for (const c of cases) {
      const image = await (await fetch(`/corpus/dev/${c.image}`)).blob();
      const mask = await (await fetch(`/corpus/${c.mask}`)).blob();
      const orig = await decodeImage(image);
      const m = await decodeImage(mask);
      const hole = holeMapFromRgba(m.data, m.width, m.height);
      // Honest evaluation: the model never sees the answer. The hole's real
      // content is blanked to mid grey (a lossless PNG of the decoded photo), as
      // a classical baseline never sees it either.
      const blanked = await blankHole(orig.data, orig.width, orig.height, hole);
      const t0 = performance.now();
      const { data } = await client.submit({ image: blanked, mask, prompt: 'eval', seed: 1234, rendering_speed: speed });
      const done = await client.wait(data.task_id);
      const ms = performance.now() - t0;
      if (done.data.status !== 'COMPLETED') throw new Error(`${c.image}/${c.maskType}: ${done.data.error?.message}`);
      const out = await decodeImage(await (await fetch(done.data.generated[0])).blob());
      const channels = isGrey(orig.data) ? 1 : 3;
      const a = fromRgba(orig.data, orig.width, orig.height, channels);
      const b = fromRgba(out.data, out.width, out.height, channels);
      // The SSIM window reaches 5 px, so the hole's SSIM only needs its bounding
      // box grown by 6 px (clamped borders reflect exactly as the full image's).
      const box = holeBounds(hole, orig.width, orig.height)!;
      const crop = contextRect(box, orig.width, orig.height, { margin: 6 });
      const cut = (rgba: Uint8ClampedArray) => fromRgba(cropRgba(rgba, orig.width, crop), crop.width, crop.height, channels);
      const holeCrop = cropHole(hole, orig.width, crop);
      let outside = 0;
      for (let p = 0; p < hole.length; p++) {
        if (hole[p]) continue;
        for (let k = 0; k < 4; k++) if (orig.data[p * 4 + k] !== out.data[p * 4 + k]) outside++;
      }
      const row = {
        speed,
        image: c.image,
        mask: c.maskType,
        psnr_hole: psnr(a, b, hole),
        psnr_full: psnr(a, b),
        ssim_hole: ssim(cut(orig.data), cut(out.data), holeCrop),
        hsr: hsr(b, a, hole),
        ms,
        model_ms: done.data.timings?.model ?? NaN,
        // Every stage the worker timed (decode, load, prepare, model, rim, texture, composite, encode, route):
        // bench/eval.mjs prints them per mask, and the fill alone against cv2.inpaint.
        timings: done.data.timings ?? {},
        changed_outside: outside,
        // The output's pixels, hashed: bench/compare.mjs counts the cases whose bytes a change kept.
        sha: await sha256Hex(out.data),
        backend: done.data.backend,
      };
      console.log(JSON.stringify(row));
      rows.push(thumbs ? { ...row, thumb: await thumbnail(out.data, out.width, out.height), thumb_orig: await thumbnail(orig.data, orig.width, orig.height) } : row);
      client.delete(data.task_id);
    }
  }
  client.dispose();
  return rows;
}

async function sha256Hex(bytes: Uint8ClampedArray): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8ClampedArray<ArrayBuffer>));
  return Array.from(d.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The photo with every hole pixel set to mid grey, as a PNG (lossless, so the known pixels are exact). */
async function blankHole(rgba: Uint8ClampedArray, width: number, height: number, hole: Uint8Array): Promise<Blob> {
  const copy = new Uint8ClampedArray(rgba);
  for (let i = 0; i < hole.length; i++) {
    if (hole[i]) copy.fill(128, i * 4, i * 4 + 3);
  }
  return encodeImage(copy, width, height, 'png');
}

if (params.get('task') === 'expand') {
  reportWhenDone(() =>
    evalExpand({ speeds, only, backend, ...(params.get('model') ? { model: params.get('model')! } : {}), ...(params.get('sheetRow') ? { sheetRow: Number(params.get('sheetRow')) } : {}) }),
  );
} else {
  reportWhenDone(main);
}
