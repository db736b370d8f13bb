/**
 * The app build deployed as static files (issue 11, "What it must show"):
 * `npm run build`'s output under a sub-path of a plain static server (no
 * special headers, no SPA fallback) and at a site root; installable (manifest,
 * icons, a service worker that controls the page); usable offline after one
 * visit with no request leaving the browser; and replaced by a second build
 * without breaking a task that is running.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, screenshotPath, watchPageErrors } from './support/browser';
import { viteBuild } from './support/build';
import { diffByMask, exportMaskPng, makePhotoPng, openImageFile, paintStroke } from './support/editor-driver';
import { submitGradient, waitInPage } from './support/page-tasks';
import { startStaticServer } from './support/servers';

const SUB = '/apps/inpaint/';

let tmp: string;
let v1: string;
let v2: string;
/** `/apps/inpaint/` → the deployed build (a test points it at v2 to deploy a new version). */
const mounts: Record<string, string> = {};
let server: Awaited<ReturnType<typeof startStaticServer>>;
let browser: Browser;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'inpaint-deploy-'));
  // The run's shared app build (test/e2e/support/global-setup.ts), served read-only.
  v1 = inject('e2eBuilds').app;
  v2 = path.join(tmp, 'v2');
  // A second version: the page's own chunk changes (so its hash, the precache list and sw.js do).
  await viteBuild(v2, {
    plugins: [
      {
        name: 'second-version',
        transform: (code, id) => (id.endsWith('/src/demo/editor-page.ts') ? `${code}\ndocument.documentElement.dataset.build = 'v2';\n` : undefined),
      },
    ],
  });
  mounts[SUB] = v1;
  [server, browser] = await Promise.all([startStaticServer(path.join(tmp, 'empty'), mounts), launchChromium()]);
}, 300_000); // a production build, hashing the 28 and 14 MB .wasm builds for the precache

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function openApp(context: BrowserContext, url = `${server.url}${SUB}?backend=wasm`): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => !!document.querySelector('inpaint-editor')?.shadowRoot?.querySelector('[part~="generate"]'));
  return { page, errors };
}

/** Waits until the service worker is active, then reloads so that it controls the page (no clientsClaim: a page is controlled from its next load). */
async function untilControlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** A person's path: open a photo, paint over its red box, prompt, generate; returns the downloaded-equivalent result bytes and the diff. */
async function editAndGenerate(page: Page, name: string) {
  const input = await makePhotoPng(page, 320, 212);
  const file = path.join(tmp, name);
  await writeFile(file, input);
  await openImageFile(page, file);
  await paintStroke(page, [[170, 100], [230, 100], [230, 130], [170, 130]]);
  const mask = await exportMaskPng(page);
  await page.getByRole('textbox', { name: 'Prompt' }).fill('green grass');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await page.locator('inpaint-editor [part~="compare"]').waitFor({ state: 'visible', timeout: 150_000 });
  const result = await page.evaluate(async () => {
    const client = document.querySelector('inpaint-editor')!.client!;
    const [latest] = (await client.list()).data;
    const { data } = await client.get(latest.task_id);
    const bytes = new Uint8Array(await (await fetch(data.generated[0])).arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { status: data.status, resolution: data.images[0].resolution, backend: data.backend, png: btoa(bin) };
  });
  const diff = await diffByMask(page, input, Buffer.from(result.png, 'base64'), mask);
  return { ...result, diff };
}

describe('npm run build, deployed as static files', () => {
  it('the build is relative: no URL in index.html, the manifest or sw.js points at the site root', async () => {
    const html = await readFile(path.join(v1, 'index.html'), 'utf8');
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => u.startsWith('/'))).toEqual([]);
    expect(html).toContain('<link rel="manifest" href="./manifest.webmanifest">');
    const sw = await readFile(path.join(v1, 'sw.js'), 'utf8');
    const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]);
    const assets = await readdir(path.join(v1, 'assets'));
    // The app shell, the worker chunk and ORT's two .wasm builds (JSEP for WebGPU, plain for WASM) are precached;
    // nothing absolute, no model weights, no source maps.
    expect(precached).toEqual(expect.arrayContaining(['index.html', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png']));
    expect(precached).toContain(`assets/${assets.find((f) => /^inpaint\.worker-.*\.js$/.test(f))}`);
    expect(assets.filter((f) => /\.wasm$/.test(f))).toHaveLength(2);
    for (const wasm of assets.filter((f) => /\.wasm$/.test(f))) expect(precached).toContain(`assets/${wasm}`);
    expect(precached.filter((u) => u.startsWith('/') || /^https?:/.test(u) || /\.(onnx|bin|map)$/.test(u))).toEqual([]);
    // No runtime caching: cross-origin requests (model downloads, webhooks, image URLs) pass through.
    expect(sw).not.toMatch(/registerRoute\((?!new \w+\.NavigationRoute)/);

    // The page's initial JS (its module scripts and their preloads; workbox-window loads later) stays ≤ 80 KB gzip.
    const initial = [...html.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(initial.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const file of initial) gzipped += gzipSync(await readFile(path.join(v1, file)), { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(80 * 1024);
    let precacheBytes = 0;
    for (const url of new Set(precached)) precacheBytes += (await stat(path.join(v1, url))).size;
    console.log(`initial JS ${(gzipped / 1024).toFixed(1)} KiB gzip (${initial.join(', ')}); precache ${new Set(precached).size} files, ${(precacheBytes / 1e6).toFixed(1)} MB`);
  });

  it('under a sub-path: installable; a person edits a photo online, then offline after a reload with no request leaving the browser', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const { page, errors } = await openApp(context);
      // Installability facts (what Lighthouse's installable audit checks).
      const manifestUrl = await page.evaluate(() => (document.querySelector('link[rel="manifest"]') as HTMLLinkElement).href);
      expect(manifestUrl).toBe(`${server.url}${SUB}manifest.webmanifest`);
      const manifestResponse = await page.request.get(manifestUrl);
      expect(manifestResponse.headers()['content-type']).toBe('application/manifest+json');
      const manifest = await manifestResponse.json();
      expect(manifest).toMatchObject({ name: 'local-inpaint editor', short_name: 'Inpaint', display: 'standalone', start_url: './', scope: './', theme_color: '#2563eb' });
      const sizes = new Set<string>();
      for (const icon of manifest.icons as { src: string; sizes: string; type: string; purpose: string }[]) {
        const res = await page.request.get(new URL(icon.src, manifestUrl).href);
        expect(res.status()).toBe(200);
        expect(res.headers()['content-type']).toBe(icon.type);
        const bytes = await res.body();
        expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes); // PNG IHDR
        sizes.add(`${icon.sizes} ${icon.purpose}`);
      }
      expect([...sizes]).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
      await untilControlled(page);
      expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(`${server.url}${SUB}sw.js`);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.scope)).toBe(`${server.url}${SUB}`);

      const online = await editAndGenerate(page, 'sub-path.png');
      expect(online).toMatchObject({ status: 'COMPLETED', resolution: '320x212', backend: 'wasm' });
      expect(online.diff).toMatchObject({ width: 320, height: 212, changedOutside: 0 });
      expect(online.diff.holePixels).toBeGreaterThan(1000);
      expect(online.diff.changedInHole).toBeGreaterThan(online.diff.holePixels / 2);
      // The built-in fill ignored a prompt for new content, and the status says so, with the next step from the
      // device check: headless Chromium's only WebGPU adapter is SwiftShader, without shader-f16.
      expect(await page.locator('inpaint-editor [part~="status"]').textContent()).toMatch(
        /^Done: 1 image on WASM with builtin-fill, seed \d+\. The prompt was not used: Built-in fill fills the painted area from its surroundings, and this device cannot run the prompt-guided models: needs a graphics card with 16-bit float support\.$/,
      );
      // The first built-in result brings the one-click offer of the better fill; nothing downloads without the click.
      await page.locator('inpaint-editor [part~="offer"]').waitFor();
      expect(await page.locator('inpaint-editor .offer-text').textContent()).toBe('Sharper fills: download MI-GAN (28.1 MB), kept for offline use.');
      expect(await page.locator('inpaint-editor [part~="offer-download"]').isEnabled()).toBe(true);
      expect(await page.locator('inpaint-editor [part~="offline"]').count()).toBe(0);
      await page.screenshot({ path: await screenshotPath('deploy-sub-path.png'), fullPage: true });
      // Every request stayed under the sub-path: nothing was asked of the site root.
      expect(server.requests.filter((p) => !p.startsWith(SUB))).toEqual([]);
      expect(errors).toEqual([]);

      // Offline: the context has no network and the server drops every connection.
      await context.setOffline(true);
      server.down = true;
      const served = server.requests.length;
      const failed: string[] = [];
      page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
      await page.reload();
      await page.waitForFunction(() => !!document.querySelector('inpaint-editor')?.shadowRoot?.querySelector('[part~="generate"]'));
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      expect(await page.locator('inpaint-editor [part~="offline"]').textContent()).toBe(
        'Offline: the built-in model and every cached model still work; a model that is not cached needs the network to download.',
      );
      const offline = await editAndGenerate(page, 'offline.png');
      expect(offline).toMatchObject({ status: 'COMPLETED', resolution: '320x212', backend: 'wasm' });
      expect(offline.diff.changedOutside).toBe(0);
      expect(offline.diff.changedInHole).toBeGreaterThan(offline.diff.holePixels / 2);
      // Offline, the offer still shows after a built-in result, but its download waits for the network.
      await page.locator('inpaint-editor [part~="offer"]').waitFor();
      expect(await page.locator('inpaint-editor [part~="offer-download"]').isDisabled()).toBe(true);
      expect(await page.locator('inpaint-editor #offer-offline').textContent()).toBe('The download needs the network: it is possible again once this device is online.');
      await page.screenshot({ path: await screenshotPath('deploy-offline.png'), fullPage: true });
      // The page, its chunks, the worker and the .wasm came from the precache. The only attempts are
      // the browser's own service worker update check (sw.js and the script it imports), which
      // Chromium makes outside the page and outside Playwright's offline emulation; it fails, as it
      // would with no network, and the installed version keeps serving.
      expect(server.requests.slice(served).filter((p) => !/^\/apps\/inpaint\/(sw|workbox-[\w-]+)\.js$/.test(p))).toEqual([]);
      expect(failed).toEqual([]);
      expect(errors).toEqual([]);

      // What needs the network says so: a model that is not cached fails at once, naming it.
      const [missingId] = await submitGradient(page, { width: 64, height: 48, hole: 0.4, prompt: 'x', model: 'migan' });
      const missing = await waitInPage(page, missingId);
      expect(missing.status).toBe('FAILED');
      expect(missing.error?.code).toBe('model_fetch');
      expect(missing.error?.message).toMatch(/^Model "migan" is not cached on this device and the browser is offline/);
    } finally {
      server.down = false;
      await context.close();
    }
  }, 360_000);

  it('a second version replaces the first only once the running task has finished', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const { page, errors } = await openApp(context);
      await untilControlled(page);
      await page.evaluate(() => {
        const client = document.querySelector('inpaint-editor')!.client!;
        // The page's record of what happened, kept across the reload the update makes.
        client.addEventListener('status', (e) => sessionStorage.setItem('log', `${sessionStorage.getItem('log') ?? ''}${e.detail.status}@${document.documentElement.dataset.build ?? 'v1'} `));
      });

      // Deploy v2, and let the page find it (browsers also check on navigation and periodically).
      mounts[SUB] = v2;
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const banner = page.locator('#app-update');
      await banner.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await banner.textContent()).toContain('A new version of the editor is available.');

      // The person presses Update while a task runs: the click comes from the page itself the moment the task
      // starts, so how fast the task or the new version's install is on this machine cannot reorder the two.
      await page.evaluate(() => {
        const client = document.querySelector('inpaint-editor')!.client!;
        const pressUpdate = (e: CustomEvent<{ status: string }>) => {
          if (e.detail.status !== 'IN_PROGRESS') return;
          client.removeEventListener('status', pressUpdate as EventListener);
          document.querySelector<HTMLButtonElement>('#app-update button')!.click();
        };
        client.addEventListener('status', pressUpdate as EventListener);
        // What the banner said, in order, kept across the reload.
        const banner = document.getElementById('app-update')!;
        new MutationObserver(() => sessionStorage.setItem('banner', `${sessionStorage.getItem('banner') ?? ''}${banner.querySelector('span')!.textContent}|`)).observe(banner, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      });
      const reloaded = page.waitForEvent('framenavigated', { timeout: 330_000 });
      const [taskId] = await submitGradient(page, { width: 1600, height: 1068, hole: 0.75, rendering_speed: 'QUALITY', seed: 3 });
      // A picture of the waiting banner for a reviewer, while it shows (the assertion is on the banner's log below).
      await banner
        .getByText('The update applies when the running task finishes.')
        .waitFor({ timeout: 10_000 })
        .then(async () => page.screenshot({ path: await screenshotPath('deploy-update-waiting.png') }))
        .catch(() => undefined);
      await reloaded.catch(async (err) => {
        const state = await page.evaluate(async (id) => ({ banner: document.getElementById('app-update')!.textContent, task: (await document.querySelector('inpaint-editor')!.client!.get(id)).data.status }), taskId);
        throw new Error(`no reload: ${JSON.stringify(state)}`, { cause: err });
      });
      await page.waitForFunction(() => document.documentElement.dataset.build === 'v2');
      await page.waitForFunction(() => !!document.querySelector('inpaint-editor')?.client);

      // The task ran to the end in v1; v2 found it finished and did not run it again.
      const log = await page.evaluate(() => sessionStorage.getItem('log')!.trim().split(' '));
      expect(log).toEqual(['CREATED@v1', 'IN_PROGRESS@v1', 'COMPLETED@v1']);
      // The click came while the task ran: the banner said so, and updated only after.
      const said = await page.evaluate(() => [...new Set(sessionStorage.getItem('banner')!.split('|').filter(Boolean))]);
      expect(said).toEqual(['The update applies when the running task finishes.', 'Updating…']);
      const after = await page.evaluate(async (id) => {
        const { data } = await document.querySelector('inpaint-editor')!.client!.get(id);
        return { status: data.status, resolution: data.images[0]?.resolution };
      }, taskId);
      expect(after).toEqual({ status: 'COMPLETED', resolution: '1600x1068' });
      expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(`${server.url}${SUB}sw.js`);
      expect(await banner.isHidden()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      mounts[SUB] = v1;
      await context.close();
    }
  }, 400_000);

  it('the same dist/ works unchanged at a site root', async () => {
    const root = await startStaticServer(v1);
    const context = await browser.newContext();
    try {
      const { page, errors } = await openApp(context, `${root.url}/?backend=wasm`);
      const [id] = await submitGradient(page, { width: 96, height: 64, hole: 0.4, prompt: 'sky' });
      const { status } = await waitInPage(page, id);
      expect(status).toBe('COMPLETED');
      expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope))).toBe(`${root.url}/`);
      expect(root.requests.some((p) => /^\/assets\/inpaint\.worker-[\w-]+\.js$/.test(p))).toBe(true);
      expect(root.requests.some((p) => /^\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(p))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await root.close();
    }
  });
});
