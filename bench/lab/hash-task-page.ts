// Lab page: `node bench/lab/hash-task.mjs`: sha256 of the built-in fill's PNG output for the 12 MP bench task
// (boats scaled to 4000×3000 JPEG, the blob mask, TURBO, seed 1) and for a partly transparent PNG: run it in two
// checkouts to see whether a change kept the output bytes.
import { InpaintClient } from '../../src/client/inpaint-client';
import { reportWhenDone } from '../page-protocol';
import { makeMask } from '../../test/fixtures/images';
import { twelveMegapixel } from '../scaled';

async function translucent(w: number, h: number): Promise<Blob> {
  const img = new ImageData(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([(x * 255) / w, (y * 255) / h, 128 + 60 * Math.sin(x / 7) * Math.cos(y / 11), x < w / 2 && y < h / 2 ? 90 + ((x * 7 + y * 3) % 161) : 255], (y * w + x) * 4);
  const c = new OffscreenCanvas(w, h);
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c.convertToBlob({ type: 'image/png' });
}

const hex = async (b: Blob) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', await b.arrayBuffer()))].map((x) => x.toString(16).padStart(2, '0')).join('');

reportWhenDone(async () => {
  const twelve = await twelveMegapixel();
  const cases: [string, Blob, Blob][] = [
    ['12 MP JPEG, blob', twelve.image, twelve.mask],
    ['1600×1200 translucent PNG, 800×720 hole', await translucent(1600, 1200), await makeMask(1600, 1200, [{ x: 500, y: 300, width: 800, height: 720 }])],
  ];
  const client = new InpaintClient({ backend: 'wasm', persist: false });
  const out: Record<string, string> = {};
  for (const [name, image, mask] of cases) {
    for (const speed of ['TURBO', 'DEFAULT'] as const) {
      const { data } = await client.submit({ prompt: 'x', seed: 1, image, mask, rendering_speed: speed } as never);
      const done = await client.wait(data.task_id);
      if (done.data.status !== 'COMPLETED') throw new Error(done.data.error?.message);
      out[`${name}, ${speed}`] = (await hex(await (await fetch(done.data.generated[0] as string)).blob())).slice(0, 16);
    }
  }
  client.dispose();
  return out;
});
