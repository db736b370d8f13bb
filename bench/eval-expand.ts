/**
 * `npm run eval -- --task expand`, the page half: the corpus README's expand
 * task. For each dev photo W × H, b = floor(0.2 W): the columns [0, W − b) are
 * saved losslessly, expanded back to the right by b with `client.expand()`
 * (built-in model unless cached weights route elsewhere: `model` pins it), and
 * the band [W − b, W) is scored against the real photo with the corpus metrics.
 * Also returns a contact sheet: per photo, the real right 2b columns beside ours.
 */
import { InpaintClient } from '../src/client/inpaint-client';
import { decodeImage } from '../src/image/decode';
import { encodeImage } from '../src/image/encode';
import { fromRgba, hsr, psnr, ssim } from './metrics';
import { cropHole, cropRgba, isGrey, type Rect } from '../src/shared/pixels';
import type { RenderingSpeed } from '../src/request/types';

/** The contact sheet's row height in px (`--sheet-row` overrides it: a larger one shows the bands' detail). */
const SHEET_ROW = 180;

export async function evalExpand(opts: { speeds: RenderingSpeed[]; only: string | null; backend: 'wasm' | 'webgpu'; model?: string; sheetRow?: number }) {
  const sheetRow = opts.sheetRow ?? SHEET_ROW;
  const listing = await (await fetch('/corpus/baseline-expand-dev.tsv')).text();
  const images = [...new Set(listing.split('\n').filter((l) => l.startsWith('dev\t')).map((l) => l.split('\t')[1]))].filter(
    (n) => !opts.only || opts.only.split(',').some((o) => n.startsWith(o)),
  );
  const client = new InpaintClient({ backend: opts.backend, persist: false });
  const rows = [];
  const pairs: Array<{ real: ImageBitmap; ours: ImageBitmap; speed: RenderingSpeed }> = [];
  for (const speed of opts.speeds) {
    for (const name of images) {
      const orig = await decodeImage(await (await fetch(`/corpus/dev/${name}`)).blob());
      const { width: W, height: H } = orig;
      const b = Math.floor(0.2 * W);
      const keep: Rect = { x: 0, y: 0, width: W - b, height: H };
      const input = await encodeImage(cropRgba(orig.data, W, keep), W - b, H, 'png');
      const t0 = performance.now();
      const { data } = await client.expand({ image: input, right: b, seed: 1234, rendering_speed: speed, ...(opts.model ? { model: opts.model } : {}) });
      const done = await client.wait(data.task_id);
      const ms = performance.now() - t0;
      if (done.data.status !== 'COMPLETED') throw new Error(`${name}: ${done.data.error?.message}`);
      const out = await decodeImage(await (await fetch(done.data.generated[0])).blob());
      if (out.width !== W || out.height !== H) throw new Error(`${name}: output ${out.width}x${out.height}, expected ${W}x${H}`);
      const hole = new Uint8Array(W * H);
      for (let y = 0; y < H; y++) hole.fill(1, y * W + W - b, (y + 1) * W);
      let changedInput = 0;
      for (let p = 0; p < hole.length; p++) {
        if (hole[p]) continue;
        for (let k = 0; k < 4; k++) if (orig.data[p * 4 + k] !== out.data[p * 4 + k]) changedInput++;
      }
      const channels = isGrey(orig.data) ? 1 : 3;
      const a = fromRgba(orig.data, W, H, channels);
      const o = fromRgba(out.data, W, H, channels);
      // SSIM's window reaches 5 px: the band plus 6 px to its left scores it as on the full image.
      const box: Rect = { x: Math.max(0, W - b - 6), y: 0, width: Math.min(W, b + 6), height: H };
      const cut = (rgba: Uint8ClampedArray) => fromRgba(cropRgba(rgba, W, box), box.width, box.height, channels);
      const row = {
        speed,
        image: name,
        width: W,
        height: H,
        band_px: b,
        psnr_band: psnr(a, o, hole),
        ssim_band: ssim(cut(orig.data), cut(out.data), cropHole(hole, W, box)),
        hsr_band: hsr(o, a, hole),
        ms,
        changed_input: changedInput,
        model: done.data.model,
        backend: done.data.backend,
      };
      console.log(JSON.stringify(row));
      rows.push(row);
      const region: Rect = { x: Math.max(0, W - 2 * b), y: 0, width: Math.min(W, 2 * b), height: H };
      const bitmap = async (rgba: Uint8ClampedArray) =>
        createImageBitmap(new ImageData(cropRgba(rgba, W, region) as Uint8ClampedArray<ArrayBuffer>, region.width, region.height), {
          resizeHeight: sheetRow,
          resizeWidth: Math.max(1, Math.round((region.width * sheetRow) / region.height)),
          resizeQuality: 'high',
        });
      pairs.push({ real: await bitmap(orig.data), ours: await bitmap(out.data), speed });
      await client.delete(data.task_id);
    }
  }
  client.dispose();
  return { rows, sheet: await contactSheet(pairs, sheetRow) };
}

/** Real | ours, one photo per row, a 1 px tick above the seam; a PNG as a data: URL. */
async function contactSheet(pairs: Array<{ real: ImageBitmap; ours: ImageBitmap }>, row: number): Promise<string> {
  const gap = 8;
  const width = Math.max(...pairs.map((p) => p.real.width + p.ours.width + 3 * gap));
  const height = pairs.length * (row + gap) + gap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  pairs.forEach((p, i) => {
    const y = gap + i * (row + gap);
    ctx.drawImage(p.real, gap, y);
    ctx.drawImage(p.ours, 2 * gap + p.real.width, y);
    // Ticks at the seam (half of each crop is input, half band) in the gaps above the row.
    ctx.fillStyle = '#e00';
    ctx.fillRect(gap + Math.round(p.real.width / 2), y - 4, 1, 4);
    ctx.fillRect(2 * gap + p.real.width + Math.round(p.ours.width / 2), y - 4, 1, 4);
  });
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return await new Promise<string>((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.readAsDataURL(blob);
  });
}
