/**
 * One queue per origin across tabs (issue 11, "What it must show"): two tabs
 * of index.html on one origin share the persisted queue. Exactly one tab (the
 * Web Lock holder) runs it; the other sees every status change; when the
 * leader closes mid-task, the other tab takes over the rest.
 */
import type { BrowserContext, Page } from 'playwright';
import { describe, expect, inject, it } from 'vitest';
import { chromiumForFile, watchPageErrors } from './support/browser';
import { submitGradient } from './support/page-tasks';

/** The run's shared dev server on index.html (test/e2e/support/global-setup.ts). */
const server = { url: inject('e2eDevServer') };
const chromium = chromiumForFile();

/** Opens index.html in a new tab of `context`, waits for its client, and records every `status` event it fires. */
async function openTab(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${server.url}/?backend=wasm`);
  await page.waitForFunction(() => !!document.querySelector('inpaint-editor')?.client);
  await page.evaluate(async () => {
    const client = document.querySelector('inpaint-editor')!.client!;
    await client.ready;
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    client.addEventListener('status', (e) => seen.push(`${e.detail.task_id} ${e.detail.status}`));
  });
  return { page, errors };
}

/** Submits `count` tasks (a gradient with a centred hole, seeds 0…) through the tab's client; returns their ids. */
function submit(page: Page, count: number, width: number, height: number, speed: 'DEFAULT' | 'QUALITY'): Promise<string[]> {
  return submitGradient(page, { width, height, hole: 0.5, count, rendering_speed: speed });
}

/** What a tab knows: whether it leads, how many tasks its worker ran, each task's final status and size, and the status events it saw. */
function tabState(page: Page, ids: string[]) {
  return page.evaluate(async (taskIds) => {
    const client = document.querySelector('inpaint-editor')!.client!;
    const tasks = [];
    for (const id of taskIds) {
      const { data } = await client.wait(id);
      tasks.push({ status: data.status, resolution: data.images[0]?.resolution, url: data.generated[0]?.slice(0, 5) });
    }
    const listed = new Map((await client.list()).data.map((t) => [t.task_id, t.status]));
    return {
      leader: client.isQueueLeader,
      runs: client.tasksRun,
      tasks,
      listed: taskIds.map((id) => listed.get(id)),
      seen: (window as unknown as { seen: string[] }).seen,
    };
  }, ids);
}

/** Tab A, once it leads the origin's queue, then tab B. */
async function leaderThenFollower(context: BrowserContext) {
  const a = await openTab(context);
  await a.page.waitForFunction(() => document.querySelector('inpaint-editor')!.client!.isQueueLeader);
  return { a, b: await openTab(context) };
}

describe('index.html in two tabs: one queue per origin', () => {
  it('five tasks submitted in two tabs each run once, and both tabs see all five COMPLETED', async () => {
    const context = await chromium.browser.newContext();
    try {
      const { a, b } = await leaderThenFollower(context);
      expect(await b.page.evaluate(() => document.querySelector('inpaint-editor')!.client!.isQueueLeader)).toBe(false);

      const ids = [...(await submit(a.page, 3, 200, 150, 'DEFAULT')), ...(await submit(b.page, 2, 240, 160, 'DEFAULT'))];
      const [sa, sb] = await Promise.all([tabState(a.page, ids), tabState(b.page, ids)]);
      const sizes = ['200x150', '200x150', '200x150', '240x160', '240x160'];
      for (const s of [sa, sb]) {
        expect(s.tasks).toEqual(sizes.map((resolution) => ({ status: 'COMPLETED', resolution, url: 'blob:' })));
        expect(s.listed).toEqual(ids.map(() => 'COMPLETED'));
        // Every task's COMPLETED arrived in this tab exactly once, whichever tab submitted it.
        for (const id of ids) expect(s.seen.filter((e) => e === `${id} COMPLETED`)).toHaveLength(1);
      }
      // Each task ran once, all in the leader's worker.
      expect({ a: sa.runs, b: sb.runs }).toEqual({ a: 5, b: 0 });
      expect([sa.leader, sb.leader]).toEqual([true, false]);
      expect([...a.errors, ...b.errors]).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('closing the leader mid-task hands the rest to the other tab: tasks submitted in the closed tab complete there', async () => {
    const context = await chromium.browser.newContext();
    try {
      const { a, b } = await leaderThenFollower(context);
      const ids = await submit(a.page, 3, 1280, 960, 'DEFAULT');
      // B sees, through the channel, the first task finish and the second start in A.
      await b.page
        .waitForFunction(([first, second]) => {
          const seen = (window as unknown as { seen: string[] }).seen;
          return seen.includes(`${first} COMPLETED`) && seen.includes(`${second} IN_PROGRESS`);
        }, ids, { timeout: 150_000 })
        .catch(async (err) => {
          throw new Error(`B saw: ${await b.page.evaluate(() => (window as unknown as { seen: string[] }).seen.join(', '))}; A saw: ${await a.page.evaluate(() => (window as unknown as { seen: string[] }).seen.join(', '))}`, { cause: err });
        });
      // What A has done when it closes (1280×960 tasks take seconds each, so nothing changes in the moment between).
      const inA = await a.page.evaluate(async () => {
        const client = document.querySelector('inpaint-editor')!.client!;
        return { runs: client.tasksRun, completed: (await client.list()).data.filter((t) => t.status === 'COMPLETED').length };
      });
      expect(inA.runs).toBeGreaterThan(inA.completed);
      await a.page.close();

      const sb = await tabState(b.page, ids);
      expect(sb.leader).toBe(true);
      expect(sb.tasks).toEqual(ids.map(() => ({ status: 'COMPLETED', resolution: '1280x960', url: 'blob:' })));
      // B ran the task cut off by the close (from its stored inputs) and those still queued; never a finished one.
      expect(sb.runs).toBe(ids.length - inA.completed);
      expect(sb.seen.filter((e) => e === `${ids[0]} COMPLETED`)).toHaveLength(1);
      expect(b.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
