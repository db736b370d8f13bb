/**
 * Tasks survive a real page reload (issue 2, "Must show"): the editor's own
 * client in index.html persists to IndexedDB; after `page.reload()` a
 * completed task still has its image, and a task cut off by the reload runs
 * to completion in the new page.
 */
import type { Page } from 'playwright';
import { describe, expect, inject, it } from 'vitest';
import { chromiumForFile, watchPageErrors } from './support/browser';
import { submitGradient } from './support/page-tasks';

/** The run's shared dev server on index.html (test/e2e/support/global-setup.ts). */
const server = { url: inject('e2eDevServer') };
const chromium = chromiumForFile();

/** Waits for index.html's editor to have created its (persisting) client. */
async function editorClientReady(page: Page): Promise<void> {
  await page.waitForFunction(() => !!document.querySelector('inpaint-editor')?.client);
  await page.evaluate(() => document.querySelector('inpaint-editor')!.client!.ready);
}

/** One QUALITY task (seed 7) on a gradient with a centred hole of `hole` × each side; returns its id. */
async function submit(page: Page, width: number, height: number, hole: number): Promise<string> {
  const [id] = await submitGradient(page, { width, height, hole, rendering_speed: 'QUALITY', seed: 7 });
  return id;
}

/** `get(id)` in the page, plus the size of `generated[0]` as fetched from its object URL. */
function getWithImage(page: Page, id: string) {
  return page.evaluate(async (taskId) => {
    const { data } = await document.querySelector('inpaint-editor')!.client!.get(taskId);
    let fetched: { type: string; width: number; height: number } | undefined;
    if (data.generated[0]) {
      const blob = await (await fetch(data.generated[0])).blob();
      const bitmap = await createImageBitmap(blob);
      fetched = { type: blob.type, width: bitmap.width, height: bitmap.height };
    }
    return { status: data.status, url: data.generated[0] ?? '', resolution: data.images[0]?.resolution, fetched };
  }, id);
}

describe('index.html: tasks survive a reload', () => {
  it('keeps a completed result, and finishes a task the reload interrupted', async () => {
    const context = await chromium.browser.newContext();
    try {
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await page.goto(`${server.url}/?backend=wasm`);
      await editorClientReady(page);

      const done = await submit(page, 160, 120, 0.3);
      expect(await page.evaluate((id) => document.querySelector('inpaint-editor')!.client!.wait(id).then((r) => r.data.status), done)).toBe('COMPLETED');
      const before = await getWithImage(page, done);

      // Large enough that it cannot finish in the moments before the reload.
      const interrupted = await submit(page, 2048, 1536, 0.6);
      const statusAtReload = await page.evaluate(async (id) => (await document.querySelector('inpaint-editor')!.client!.get(id)).data.status, interrupted);
      expect(['CREATED', 'IN_PROGRESS']).toContain(statusAtReload);
      await page.reload();
      await editorClientReady(page);

      const after = await getWithImage(page, done);
      expect(after).toMatchObject({ status: 'COMPLETED', resolution: '160x120', fetched: { type: 'image/png', width: 160, height: 120 } });
      expect(after.url).toMatch(/^blob:/);
      expect(after.url).not.toBe(before.url); // a new page, so a new object URL made from the stored bytes

      const final = await page.evaluate((id) => document.querySelector('inpaint-editor')!.client!.wait(id).then((r) => ({ status: r.data.status, resolution: r.data.images[0]?.resolution })), interrupted);
      expect(final).toEqual({ status: 'COMPLETED', resolution: '2048x1536' });
      expect(await getWithImage(page, interrupted)).toMatchObject({ fetched: { type: 'image/png', width: 2048, height: 1536 } });

      // The editor's history, read from the client after the reload, lists both tasks.
      await expect.poll(() => page.locator('inpaint-editor [part~="history"] summary').textContent()).toContain('(2)');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
