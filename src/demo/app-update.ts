/**
 * The demo app's service worker (built by vite-plugin-pwa from vite.pwa.ts):
 * registered by this page only, never by the library, so an embedder's page
 * never gets one. A new version waits until the person accepts it, and is
 * never swapped in under a task: "Update" waits for the queue to be idle,
 * then activates the new worker and reloads.
 */
import type { InpaintClient } from '../client/inpaint-client';

const UNFINISHED = new Set(['CREATED', 'IN_PROGRESS']);

/** Whether `client` has a task queued or running (in any tab sharing its queue). */
async function busy(client: InpaintClient): Promise<boolean> {
  return (await client.list()).data.some((t) => UNFINISHED.has(t.status));
}

/** Resolves once `client` has no task queued or running. */
async function whenIdle(client: InpaintClient): Promise<void> {
  while (await busy(client)) await new Promise((resolve) => client.addEventListener('status', resolve, { once: true }));
}

/**
 * Registers `sw.js` beside the page and wires the update banner: `banner`
 * is shown when a new version is waiting; its button applies it once
 * `getClient()`'s queue is idle. Does nothing in development or without
 * service worker support.
 */
export async function registerAppServiceWorker(banner: HTMLElement, getClient: () => InpaintClient | undefined): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // workbox-window is loaded after the page, so it costs the editor's first paint nothing.
  const { Workbox } = await import('workbox-window');
  // Beside index.html, whatever path the site is served under; its scope is that folder.
  const wb = new Workbox(new URL('sw.js', location.href).href);
  const text = banner.querySelector('span')!;
  const button = banner.querySelector('button')!;
  wb.addEventListener('waiting', () => {
    text.textContent = 'A new version of the editor is available.';
    button.hidden = false;
    button.disabled = false;
    banner.hidden = false;
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    const client = getClient();
    if (client && (await busy(client))) {
      text.textContent = 'The update applies when the running task finishes.';
      await whenIdle(client);
    }
    text.textContent = 'Updating…';
    // Reload only once the new worker controls the page, so the reload gets the new files.
    wb.addEventListener('controlling', () => location.reload());
    wb.messageSkipWaiting();
  });
  await wb.register();
}
