/**
 * `<inpaint-editor>` embedded in a plain HTML page with no bundler (issue 3,
 * "Must show"): the library build (`npm run build:lib`) served as static files
 * under a path of its own, and the page elsewhere on the server. The worker
 * and ORT's .wasm must resolve from the module's URL, not the page's.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, ROOT, screenshotPath, watchPageErrors } from './support/browser';
import { makePhotoPng, openImageFile, paintStroke } from './support/editor-driver';
import { startStaticServer } from './support/servers';

let tmp: string;
let libDir: string;
let server: Awaited<ReturnType<typeof startStaticServer>>;
let browser: Browser;
/** A second origin serving the same build with CORS, as a CDN would. */
let cdn: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'inpaint-embed-'));
  // `npm run build:lib`'s output, made once for the run (test/e2e/support/global-setup.ts) and served read-only.
  libDir = inject('e2eBuilds').lib;
  const site = path.join(tmp, 'site', 'shop');
  await mkdir(site, { recursive: true });
  await copyFile(path.join(ROOT, 'test/e2e/fixtures/embed.html'), path.join(site, 'editor.html'));
  [server, browser, cdn] = await Promise.all([
    startStaticServer(path.join(tmp, 'site'), { '/static/local-inpaint/': libDir }),
    launchChromium(),
    startStaticServer(path.join(tmp, 'empty'), { '/npm/local-inpaint/': libDir }, { cors: true }),
  ]);
  const embed = await readFile(path.join(ROOT, 'test/e2e/fixtures/embed.html'), 'utf8');
  await writeFile(path.join(site, 'cdn.html'), embed.replace('/static/local-inpaint/inpaint-editor.js', `${cdn.url}/npm/local-inpaint/inpaint-editor.js`));
});

afterAll(async () => {
  await cdn?.close();
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('embedding with no bundler', () => {
  it('the library build emits entries, a separate worker chunk and the .wasm as a file', async () => {
    const top = await readdir(libDir);
    expect(top).toEqual(expect.arrayContaining(['inpaint-editor.js', 'local-inpaint.js', 'assets']));
    const assets = await readdir(path.join(libDir, 'assets'));
    expect(assets.filter((f) => /^inpaint\.worker-.*\.js$/.test(f))).toHaveLength(1);
    expect(assets.filter((f) => /^ort-wasm-simd-threaded\.jsep-.*\.wasm$/.test(f))).toHaveLength(1);
    expect(assets.filter((f) => /^ort-wasm-simd-threaded-.*\.wasm$/.test(f))).toHaveLength(1);
    // Not inlined: the worker chunk stays small next to the 28 and 14 MB .wasm builds.
    const worker = assets.find((f) => f.startsWith('inpaint.worker-'))!;
    expect((await stat(path.join(libDir, 'assets', worker))).size).toBeLessThan(2_000_000);
    // A production build: Lit's development build would warn in every embedder's console.
    expect(await readFile(path.join(libDir, 'inpaint-editor.js'), 'utf8')).not.toContain('Lit is in dev mode');
    // The library never brings a service worker or its registration to a host page (issue 11).
    expect(top.filter((f) => /^(sw|workbox-.*)\.js$|\.webmanifest$/.test(f))).toEqual([]);
    for (const f of [...top.filter((f) => f.endsWith('.js')), ...assets.filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`)]) {
      expect(await readFile(path.join(libDir, f), 'utf8'), f).not.toContain('serviceWorker');
    }
  });

  it('runs a generation in a plain HTML page that loads inpaint-editor.js from another path', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    page.on('console', (m) => /dev mode/i.test(m.text()) && errors.push(`console: ${m.text()}`));
    const offsite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !/^(blob|data):/.test(r.url())) offsite.push(r.url());
    });
    await page.goto(`${server.url}/shop/editor.html`);
    await page.waitForFunction(() => customElements.get('inpaint-editor') !== undefined);

    const file = path.join(tmp, 'product.png');
    await writeFile(file, await makePhotoPng(page, 320, 240));
    await openImageFile(page, file);
    await paintStroke(page, [[170, 110], [230, 130]]);
    await page.getByRole('textbox', { name: 'Prompt' }).fill('plain background');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { events: { name: string }[] }).events.some((e) => e.name === 'inpaint-complete' || e.name === 'inpaint-error'), null, { timeout: 150_000 });

    const events = await page.evaluate(() => (window as unknown as { events: Record<string, unknown>[] }).events);
    expect(events.filter((e) => e.name === 'inpaint-error')).toEqual([]);
    expect(events.find((e) => e.name === 'inpaint-complete')).toMatchObject({ status: 'COMPLETED', resolution: '320x240', backend: 'wasm', type: 'image/png' });
    expect(events.some((e) => e.name === 'inpaint-progress')).toBe(true);
    expect(events.filter((e) => e.name === 'inpaint-mask-change').length).toBeGreaterThan(0);

    // Everything came from the library's own folder, resolved from the module URL, and nothing from elsewhere.
    expect(server.requests.some((p) => /^\/static\/local-inpaint\/assets\/inpaint\.worker-[\w-]+\.js$/.test(p))).toBe(true);
    // A WASM task: ORT's plain build.
    expect(server.requests.some((p) => /^\/static\/local-inpaint\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(p))).toBe(true);
    expect(server.requests.filter((p) => !p.startsWith('/static/local-inpaint/') && p !== '/shop/editor.html')).toEqual([]);
    expect(offsite).toEqual([]);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    // The page's theme reached the shadow DOM through the documented custom property.
    expect(await page.locator('inpaint-editor [part~="generate"]').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(124, 58, 237)');
    await page.screenshot({ path: await screenshotPath('embed-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs when the library is served from another origin (a CDN with CORS)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    await page.goto(`${server.url}/shop/cdn.html`);
    await page.waitForFunction(() => customElements.get('inpaint-editor') !== undefined);
    const file = path.join(tmp, 'product-cdn.png');
    await writeFile(file, await makePhotoPng(page, 200, 150));
    await openImageFile(page, file);
    await paintStroke(page, [[100, 70], [140, 80]]);
    await page.getByRole('textbox', { name: 'Prompt' }).fill('plain background');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { events: { name: string }[] }).events.some((e) => e.name === 'inpaint-complete' || e.name === 'inpaint-error'), null, { timeout: 150_000 });
    const events = await page.evaluate(() => (window as unknown as { events: Record<string, unknown>[] }).events);
    expect(events.filter((e) => e.name === 'inpaint-error')).toEqual([]);
    expect(events.find((e) => e.name === 'inpaint-complete')).toMatchObject({ status: 'COMPLETED', resolution: '200x150' });
    // The worker (through a same-origin blob shim) and the .wasm came from the CDN origin.
    expect(cdn.requests.some((p) => /^\/npm\/local-inpaint\/assets\/inpaint\.worker-[\w-]+\.js$/.test(p))).toBe(true);
    expect(cdn.requests.some((p) => /\.wasm$/.test(p))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
