/**
 * A person's path through index.html (issue 3, "Must show"): open an image
 * from disk, paint a stroke, type a prompt, generate, wait for the result,
 * compare, download; with screenshots at desktop and phone widths.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext } from 'playwright';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser';
import { diffByMask, exportMaskPng, makePhotoPng, maskIsBlackAt, openImageFile, paintStroke, pngSize } from './support/editor-driver';
import { editorSuite, PHONE } from './support/editor-suite';

const WIDTH = 640;
const HEIGHT = 424;

const suite = editorSuite('inpaint-e2e-');
const openEditor = (context: BrowserContext) => suite.openEditor(context);

describe('index.html: a person edits a photo', () => {
  it('opens a file, paints, prompts, generates, compares and downloads a PNG of the input size', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    try {
      const { page, errors } = await openEditor(context);
      await page.screenshot({ path: await screenshotPath('editor-desktop-empty.png'), fullPage: true });

      const input = await makePhotoPng(page, WIDTH, HEIGHT);
      const file = path.join(suite.tmp, 'holiday.png');
      await writeFile(file, input);
      await openImageFile(page, file);
      expect(await page.evaluate(() => [document.querySelector('inpaint-editor')!.maskCanvas.imageWidth, document.querySelector('inpaint-editor')!.maskCanvas.imageHeight])).toEqual([WIDTH, HEIGHT]);

      // Paint over the red box (352–448 × 191–276) with the default 40 px brush, in three passes.
      await paintStroke(page, [[350, 200], [450, 200], [450, 235], [350, 235], [350, 270], [450, 270]]);
      expect(await maskIsBlackAt(page, [[355, 195], [445, 272], [400, 235], [20, 20], [600, 400], [400, 330], [300, 235]])).toEqual([true, true, true, false, false, false, false]);
      const mask = await exportMaskPng(page);
      expect(pngSize(mask)).toEqual({ width: WIDTH, height: HEIGHT });

      await page.getByRole('textbox', { name: 'Prompt' }).fill('green grass and sky');
      await page.getByRole('button', { name: 'Generate', exact: true }).click();

      // The result arrives: the slider, the seed line and the status announcement.
      const compare = page.locator('inpaint-editor [part~="compare"]');
      await compare.waitFor({ state: 'visible', timeout: 150_000 }).catch(async (err) => {
        throw new Error(`no result; status: ${await page.locator('inpaint-editor [part~="status"]').textContent()}; page errors: ${errors.join(' | ')}`, { cause: err });
      });
      await expect.poll(() => page.locator('inpaint-editor [part~="status"]').textContent()).toMatch(/^Done: 1 image on WASM/);
      expect(await page.locator('inpaint-editor [part~="seed-used"]').textContent()).toContain(`${WIDTH}×${HEIGHT}`);
      // Blob-URL images decode after the slider appears; the screenshot should show them.
      await page.waitForFunction(() => [...document.querySelector('inpaint-editor')!.shadowRoot!.querySelectorAll<HTMLImageElement>('.compare img')].every((i) => i.complete && i.naturalWidth > 0));

      // Compare: a person scrolls to the slider and drags the divider from the middle to 80 % of the width,
      // so the result (left of the divider) covers the filled box.
      await compare.scrollIntoViewIfNeeded();
      const box = (await compare.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 10 });
      await page.mouse.up();
      const pos = await compare.evaluate((el) => parseFloat((el as HTMLElement).style.getPropertyValue('--pos')));
      expect(pos).toBeGreaterThan(75);
      expect(pos).toBeLessThan(85);
      // The result image is clipped to the left of the divider, the divider sits at the same place.
      const afterBox = (await page.locator('inpaint-editor [part~="after"]').boundingBox())!;
      const divider = (await page.locator('inpaint-editor .compare .divider').boundingBox())!;
      expect(Math.abs(divider.x - (afterBox.x + (afterBox.width * pos) / 100))).toBeLessThan(2);
      expect(await page.locator('inpaint-editor [part~="after"]').evaluate((el) => getComputedStyle(el).clipPath)).toMatch(/^inset\(0px /);
      await page.screenshot({ path: await screenshotPath('editor-desktop.png'), fullPage: true });

      // Download (PNG is the default format).
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/^inpaint-\d+\.png$/);
      const saved = await readFile((await download.path())!);
      expect(pngSize(saved)).toEqual({ width: WIDTH, height: HEIGHT });
      const diff = await diffByMask(page, input, saved, mask);
      expect(diff.holePixels).toBeGreaterThan(2000);
      expect(diff.changedOutside).toBe(0);
      expect(diff.changedInHole).toBeGreaterThan(diff.holePixels / 2);

      // The same state at a phone's width.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(200); // let the container query and the canvas refit settle
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.screenshot({ path: await screenshotPath('editor-phone.png'), fullPage: true });
      expect(overflow).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('picking SD-Turbo in Options shows its licence and download size beside Generate, laid out at a desktop and a narrow width', async () => {
    await suite.inEditor({ viewport: { width: 1280, height: 1300 } }, async ({ page, errors }) => {
      await page.locator('inpaint-editor details.options > summary').click();
      await page.getByRole('combobox', { name: 'Model' }).selectOption('sd-turbo');
      const form = page.locator('inpaint-editor [part~="form"]');
      const licence = form.locator('[part~="form-licence"]');
      const notice = form.locator('[part~="model-download"]');
      // Nothing is cached in a new browser context: the notice warns of the download before anything runs.
      await notice.waitFor({ state: 'visible' });
      expect(await notice.textContent()).toBe('First use downloads ≈ 2.6 GB (6 files); it is then cached for offline use.');
      expect(await licence.textContent()).toMatch(/^Licence: /);
      for (const [name, width, height] of [['desktop', 1280, 1300], ['narrow', 400, 1400]] as const) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(200); // the container query settles
        // Both lie inside the form, under Generate, with a real box.
        const [generateBox, licenceBox, noticeBox, formBox] = await Promise.all(
          [form.locator('[part~="generate"]'), licence, notice, form].map(async (l) => (await l.boundingBox())!),
        );
        for (const b of [licenceBox, noticeBox]) {
          expect(b.width).toBeGreaterThan(100);
          expect(b.height).toBeGreaterThan(10);
          expect(b.y).toBeGreaterThanOrEqual(generateBox.y + generateBox.height);
          expect(b.x + b.width).toBeLessThanOrEqual(formBox.x + formBox.width + 1);
        }
        await form.screenshot({ path: await screenshotPath(`editor-model-picker-${name}.png`) });
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      expect(errors).toEqual([]);
    });
  });

  it('says what is missing when Generate is pressed with an empty prompt, at phone width', async () => {
    const context = await suite.browser.newContext(PHONE);
    try {
      const { page } = await openEditor(context);
      const file = path.join(suite.tmp, 'small.png');
      await writeFile(file, await makePhotoPng(page, 300, 200));
      await openImageFile(page, file);
      await paintStroke(page, [[100, 100], [160, 110]]);
      await page.getByRole('textbox', { name: 'Prompt' }).fill('');
      await page.getByRole('button', { name: 'Generate', exact: true }).click();
      await expect.poll(() => page.locator('inpaint-editor [part~="status"]').textContent()).toContain('Enter a prompt');
      expect(await page.getByRole('textbox', { name: 'Prompt' }).getAttribute('aria-invalid')).toBe('true');
      await page.screenshot({ path: await screenshotPath('editor-phone-empty-prompt.png'), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    } finally {
      await context.close();
    }
  });
});
