/**
 * Drives `<inpaint-editor>` the way a person does, through real input
 * (file chooser, mouse, keyboard), plus the few page-side measurements the
 * tests assert on. Playwright's CSS selectors pierce open shadow roots.
 */
import type { Page } from 'playwright';

/** A photo-like PNG (gradient sky, ground, a red box, fine noise), drawn by Chromium itself. */
export async function makePhotoPng(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d')!;
      const sky = ctx.createLinearGradient(0, 0, 0, h);
      sky.addColorStop(0, '#3b6ea8');
      sky.addColorStop(0.6, '#bcd4e6');
      sky.addColorStop(0.6, '#5b7f3a');
      sky.addColorStop(1, '#2f4a1c');
      ctx.fillStyle = sky;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#c03030';
      ctx.fillRect(w * 0.55, h * 0.45, w * 0.15, h * 0.2);
      const img = ctx.getImageData(0, 0, w, h);
      let s = 12345;
      for (let i = 0; i < img.data.length; i += 4) {
        s = (s * 1103515245 + 12345) >>> 0;
        const n = ((s >>> 16) & 15) - 8;
        for (let c = 0; c < 3; c++) img.data[i + c] = Math.max(0, Math.min(255, img.data[i + c] + n));
      }
      ctx.putImageData(img, 0, 0);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(bin);
    },
    [width, height] as const,
  );
  return Buffer.from(base64, 'base64');
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR; throws if the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error(`not a PNG (starts with ${bytes.subarray(0, 8).toString('hex')})`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Clicks "Open image", picks `file` in the file chooser and waits until the canvas shows it. */
export async function openImageFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open image' }).click()]);
  await chooser.setFiles(file);
  await page.waitForFunction(() => (document.querySelector('inpaint-editor')?.maskCanvas?.imageWidth ?? 0) > 0);
}

/** Drags the mouse along `points`, given in image pixels, over the mask canvas. */
export async function paintStroke(page: Page, points: [number, number][]): Promise<void> {
  const size = await page.evaluate(() => {
    const c = document.querySelector('inpaint-editor')!.maskCanvas;
    return { w: c.imageWidth, h: c.imageHeight };
  });
  const box = await page.locator('inpaint-mask-canvas .stage').boundingBox();
  if (!box) throw new Error('the mask canvas stage is not visible');
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / size.w, box.y + (y * box.height) / size.h] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

/** Samples the exported mask PNG (black = edit) at image pixels: true where it is black. */
export async function maskIsBlackAt(page: Page, points: [number, number][]): Promise<boolean[]> {
  return page.evaluate(async (pts) => {
    const blob = await document.querySelector('inpaint-editor')!.maskCanvas.exportMask();
    const bitmap = await createImageBitmap(blob);
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    return pts.map(([x, y]) => {
      const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
      if (!((r === 0 && g === 0 && b === 0) || (r === 255 && g === 255 && b === 255))) throw new Error(`mask pixel ${x},${y} is not black or white: ${r},${g},${b}`);
      return r === 0;
    });
  }, points);
}

/**
 * Compares two images pixel by pixel inside the page, split by a mask PNG
 * (black = hole): how many pixels differ inside and outside the hole.
 */
export async function diffByMask(page: Page, a: Buffer, b: Buffer, mask: Buffer): Promise<{ width: number; height: number; holePixels: number; changedInHole: number; changedOutside: number }> {
  return page.evaluate(
    async ([a64, b64, m64]) => {
      const load = async (s: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${s}`)).blob());
        const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [ia, ib, im] = await Promise.all([load(a64), load(b64), load(m64)]);
      if (ia.width !== ib.width || ia.height !== ib.height || ia.width !== im.width || ia.height !== im.height) {
        throw new Error(`sizes differ: ${ia.width}x${ia.height}, ${ib.width}x${ib.height}, mask ${im.width}x${im.height}`);
      }
      let holePixels = 0, changedInHole = 0, changedOutside = 0;
      for (let i = 0; i < ia.data.length; i += 4) {
        const hole = im.data[i] < 128;
        const changed = ia.data[i] !== ib.data[i] || ia.data[i + 1] !== ib.data[i + 1] || ia.data[i + 2] !== ib.data[i + 2];
        if (hole) holePixels++;
        if (changed && hole) changedInHole++;
        if (changed && !hole) changedOutside++;
      }
      return { width: ia.width, height: ia.height, holePixels, changedInHole, changedOutside };
    },
    [a.toString('base64'), b.toString('base64'), mask.toString('base64')] as const,
  );
}

/** The exported mask PNG's bytes. */
export async function exportMaskPng(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (await document.querySelector('inpaint-editor')!.maskCanvas.exportMask()).arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  });
  return Buffer.from(base64, 'base64');
}
