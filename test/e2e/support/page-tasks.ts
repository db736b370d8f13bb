/**
 * Tasks submitted straight through the editor's own client in a page
 * (`document.querySelector('inpaint-editor').client`), for the e2e tests that
 * are about the queue, persistence and deploys rather than the editor's UI.
 */
import type { Page } from 'playwright';

export interface GradientTasks {
  width: number;
  height: number;
  /** The centred hole's share of each side, e.g. 0.5: a hole of half the width and half the height. */
  hole: number;
  /** How many tasks (default 1); task i gets `seed + i`. */
  count?: number;
  prompt?: string;
  rendering_speed?: 'TURBO' | 'DEFAULT' | 'QUALITY';
  seed?: number;
  model?: string;
}

/**
 * Submits `count` tasks of a diagonal gradient (#1d3557 → #f1c27d) with a centred
 * rectangular hole, drawn in the page, through the editor's client; resolves with their ids.
 */
export function submitGradient(page: Page, task: GradientTasks): Promise<string[]> {
  return page.evaluate(async ({ width: w, height: h, hole: f, count = 1, prompt = 'smooth gradient', rendering_speed, seed = 0, model }) => {
    const image = new OffscreenCanvas(w, h);
    const ictx = image.getContext('2d')!;
    const g = ictx.createLinearGradient(0, 0, w, h);
    g.addColorStop(0, '#1d3557');
    g.addColorStop(1, '#f1c27d');
    ictx.fillStyle = g;
    ictx.fillRect(0, 0, w, h);
    const mask = new OffscreenCanvas(w, h);
    const mctx = mask.getContext('2d')!;
    mctx.fillStyle = '#fff';
    mctx.fillRect(0, 0, w, h);
    mctx.fillStyle = '#000';
    mctx.fillRect(Math.round((w * (1 - f)) / 2), Math.round((h * (1 - f)) / 2), Math.round(w * f), Math.round(h * f));
    const client = document.querySelector('inpaint-editor')!.client!;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { data } = await client.submit({
        image: await image.convertToBlob({ type: 'image/png' }),
        mask: await mask.convertToBlob({ type: 'image/png' }),
        prompt,
        ...(rendering_speed ? { rendering_speed } : {}),
        ...(model ? { model } : {}),
        seed: seed + i,
      });
      ids.push(data.task_id);
    }
    return ids;
  }, task);
}

/** The task's final `data` (COMPLETED or FAILED), from the editor's client in the page. */
export function waitInPage(page: Page, taskId: string) {
  return page.evaluate(async (id) => (await document.querySelector('inpaint-editor')!.client!.wait(id)).data, taskId);
}
