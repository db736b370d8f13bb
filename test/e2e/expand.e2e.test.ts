/**
 * Issue 17's editor path: open a photo, switch to Expand, drag the right
 * handle, generate, download: a PNG of the new size whose left part is the
 * photo, bit-exact. Then the same panel at a phone's width (390 px), with an
 * aspect preset, and no sideways scrolling.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { makePhotoPng, openImageFile, pngSize } from './support/editor-driver';
import { editorSuite, PHONE } from './support/editor-suite';

const WIDTH = 480;
const HEIGHT = 320;

const suite = editorSuite('inpaint-e2e-expand-');
const openEditor = (context: BrowserContext) => suite.openEditor(context);

/** How many pixels of `part` (x0.. in the output) differ from the input photo. */
async function changedInOriginal(page: Page, input: Buffer, output: Buffer, offset: { x: number; y: number }): Promise<number> {
  return page.evaluate(
    async ([a64, b64, ox, oy]) => {
      const load = async (s: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${s}`)).blob(), { colorSpaceConversion: 'none' });
        const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [a, b] = await Promise.all([load(a64), load(b64)]);
      let changed = 0;
      for (let y = 0; y < a.height; y++) {
        for (let x = 0; x < a.width; x++) {
          const p = (y * a.width + x) * 4;
          const q = ((y + oy) * b.width + x + ox) * 4;
          if (a.data[p] !== b.data[q] || a.data[p + 1] !== b.data[q + 1] || a.data[p + 2] !== b.data[q + 2] || a.data[p + 3] !== b.data[q + 3]) changed++;
        }
      }
      return changed;
    },
    [input.toString('base64'), output.toString('base64'), offset.x, offset.y] as const,
  );
}

describe('index.html: a person expands a photo', () => {
  it('opens a photo, drags the right handle, generates and downloads a PNG of the new size with the photo unchanged in it', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    try {
      const { page, errors } = await openEditor(context);
      const input = await makePhotoPng(page, WIDTH, HEIGHT);
      const file = path.join(suite.tmp, 'landscape.png');
      await writeFile(file, input);
      await openImageFile(page, file);

      await page.getByRole('radio', { name: 'Expand' }).click();
      const panel = page.locator('inpaint-editor inpaint-expand-panel');
      await panel.locator('[part~="size"]').filter({ hasText: `${WIDTH}×${HEIGHT} → ${WIDTH}×${HEIGHT} px` }).waitFor();
      // The mask tools are gone in Expand mode.
      expect(await page.getByRole('button', { name: 'Undo' }).isVisible()).toBe(false);

      // Drag the right handle outwards by about a third of the preview's width.
      const handle = panel.locator('[part~="handle-right"]');
      const frame = (await panel.locator('[part~="preview"]').boundingBox())!;
      const h = (await handle.boundingBox())!;
      await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
      await page.mouse.down();
      await page.mouse.move(h.x + h.width / 2 + frame.width / 3, h.y + h.height / 2, { steps: 12 });
      await page.mouse.up();
      const right = Number(await panel.getByRole('spinbutton', { name: 'Right (px)' }).inputValue());
      // A third of the preview is a third of the image's width (the scale at the drag's start), within rounding.
      expect(Math.abs(right - WIDTH / 3)).toBeLessThan(12);
      expect(await panel.getByRole('spinbutton', { name: 'Left (px)' }).inputValue()).toBe('0');
      const newWidth = WIDTH + right;
      await panel.locator('[part~="size"]').filter({ hasText: `→ ${newWidth}×${HEIGHT} px` }).waitFor();
      await page.screenshot({ path: await screenshotPath('expand-desktop-dragged.png'), fullPage: true });

      // No prompt: it is optional in Expand mode.
      await page.getByRole('button', { name: 'Generate', exact: true }).click();
      const compare = page.locator('inpaint-editor [part~="compare"]');
      await compare.waitFor({ state: 'visible', timeout: 150_000 }).catch(async (err) => {
        throw new Error(`no result; status: ${await page.locator('inpaint-editor [part~="status"]').textContent()}; page errors: ${errors.join(' | ')}`, { cause: err });
      });
      await expect.poll(() => page.locator('inpaint-editor [part~="status"]').textContent()).toMatch(/^Done: 1 image on WASM with builtin-fill/);
      expect(await page.locator('inpaint-editor [part~="seed-used"]').textContent()).toContain(`${newWidth}×${HEIGHT}`);
      await page.waitForFunction(() => [...document.querySelector('inpaint-editor')!.shadowRoot!.querySelectorAll<HTMLImageElement>('.compare img')].every((i) => i.complete && i.naturalWidth > 0));
      // Before and after are the same size, so the slider compares them pixel for pixel.
      const sizes = await page.evaluate(() => [...document.querySelector('inpaint-editor')!.shadowRoot!.querySelectorAll<HTMLImageElement>('.compare img')].map((i) => `${i.naturalWidth}x${i.naturalHeight}`));
      expect(new Set(sizes)).toEqual(new Set([`${newWidth}x${HEIGHT}`]));
      await compare.scrollIntoViewIfNeeded();
      await page.screenshot({ path: await screenshotPath('expand-desktop-result.png'), fullPage: true });

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
      const saved = await readFile((await download.path())!);
      expect(pngSize(saved)).toEqual({ width: newWidth, height: HEIGHT });
      expect(await changedInOriginal(page, input, saved, { x: 0, y: 0 })).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('at a phone width (390 px): a preset and a typed side set the canvas; nothing scrolls sideways', async () => {
    const context = await suite.browser.newContext(PHONE);
    try {
      const { page, errors } = await openEditor(context);
      const file = path.join(suite.tmp, 'wide.png');
      await writeFile(file, await makePhotoPng(page, 600, 300));
      await openImageFile(page, file);
      await page.getByRole('radio', { name: 'Expand' }).click();
      const panel = page.locator('inpaint-editor inpaint-expand-panel');
      await panel.getByRole('button', { name: '4:5' }).click();
      // 600×300 at 4:5 → 600×750: 225 px above and below.
      await panel.locator('[part~="size"]').filter({ hasText: '600×300 → 600×750 px' }).waitFor();
      expect(await panel.getByRole('spinbutton', { name: 'Top (px)' }).inputValue()).toBe('225');
      await panel.getByRole('spinbutton', { name: 'Left (px)' }).fill('40');
      await panel.getByRole('spinbutton', { name: 'Left (px)' }).press('Enter');
      await panel.getByRole('spinbutton', { name: 'Left (px)' }).blur();
      await panel.locator('[part~="size"]').filter({ hasText: '→ 640×750 px' }).waitFor();
      // Each handle lies within the viewport and is at least 44 px long to grab.
      for (const side of ['left', 'right', 'top', 'bottom']) {
        const b = (await panel.locator(`[part~="handle-${side}"]`).boundingBox())!;
        expect(Math.max(b.width, b.height)).toBeGreaterThanOrEqual(44);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(390);
      }
      await page.screenshot({ path: await screenshotPath('expand-phone.png'), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
