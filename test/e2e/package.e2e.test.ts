/**
 * The npm package as a developer gets it (issue 12, "What it must show"):
 * `npm run build:lib` (what `prepack` runs; the e2e globalSetup runs it), `npm pack`, the tarball installed
 * into a fixture Vite 8 app (test/e2e/fixtures/consumer-vite) that imports
 * `local-inpaint` and `local-inpaint/editor`, `tsc` and `vite build` there with
 * no config, its dist/ served, and one task through the API and one through
 * the editor in Chromium; then one API task under `vite` dev, whose dependency
 * pre-bundling moves the page chunk. One build, one pack, one install: the install takes
 * the tarball's only dependency (lit) from npm's cache, and the app's vite and
 * tsc are this repo's.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright';
import { build, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, ROOT, screenshotPath, watchPageErrors } from './support/browser';
import { diffByMask, exportMaskPng, makePhotoPng, openImageFile, paintStroke, pngSize } from './support/editor-driver';
import { startStaticServer } from './support/servers';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const FIXTURE = path.join(ROOT, 'test/e2e/fixtures/consumer-vite');

interface PackResult {
  filename: string;
  files: { path: string; size: number }[];
}

/** What `npm pack --json` prints: one entry per package. */
async function npmPack(args: string[], destination: string): Promise<PackResult> {
  const { stdout } = await run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', destination, ...args], { cwd: ROOT, maxBuffer: 16 << 20 });
  return (JSON.parse(stdout) as PackResult[])[0];
}

let tmp: string;
let app: string;
let dryRun: PackResult;
let packed: PackResult;
let tscOutput: { code: number; output: string };
let server: Awaited<ReturnType<typeof startStaticServer>>;
let browser: Browser;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'inpaint-package-'));
  app = path.join(tmp, 'app');
  // dist/lib and dist/types are what `npm run build:lib` (the build `prepack` runs) wrote: the e2e
  // globalSetup ran that script for real at the start of this run (test/e2e/support/global-setup.ts).
  [dryRun, packed] = await Promise.all([npmPack(['--dry-run'], tmp), npmPack([], tmp), cp(FIXTURE, app, { recursive: true })]);
  await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(tmp, packed.filename)], { cwd: app });
  const tsc = run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(app, 'tsconfig.json')]).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // `vite build` with no config file: a consumer needs no setting.
    await build({ root: app, configFile: false, logLevel: 'error', build: { outDir: path.join(app, 'dist'), emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  [tscOutput, server, browser] = await Promise.all([tsc, startStaticServer(path.join(app, 'dist')), launchChromium()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A test, bench or fixture file (or its declarations) by its path: none may be in the tarball. */
const TEST_LIKE = /(^|\/)(test|tests|bench|fixtures?|__screenshots__|\.vitest-attachments)\/|\.(test|spec)\.|(^|\/)test[-_.]|test-utils/;
/** Everything the tarball may hold. */
const SHIPPED = /^(package\.json|README\.md|LICENSE|custom-elements\.json|dist\/lib\/[\w.-]+\.js(\.map)?|dist\/lib\/assets\/[\w.-]+\.(js|js\.map|wasm)|dist\/types\/.+\.d\.ts)$/;

describe('npm pack', () => {
  it('lists only the package files: no test, bench or fixture file, and every export target', async () => {
    const paths = dryRun.files.map((f) => f.path).sort();
    expect(paths.filter((p) => TEST_LIKE.test(p))).toEqual([]);
    expect(paths.filter((p) => !SHIPPED.test(p))).toEqual([]);
    expect(packed.files.map((f) => f.path).sort()).toEqual(paths);

    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { types: string; default: string }>;
      sideEffects: string[];
      private?: boolean;
    };
    expect(pkg.private).toBeUndefined();
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : [t.types, t.default]));
    expect(targets.map((t) => t.slice(2)).filter((t) => !paths.includes(t))).toEqual([]);
    // Each registering module named in sideEffects exists (a renamed chunk would silently be tree-shaken away).
    // (`./src/**` is for this repo's own app build, which bundles the sources; they are not in the package.)
    for (const glob of pkg.sideEffects.filter((g) => g.startsWith('./dist/'))) {
      const re = new RegExp(`^${glob.slice(2).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
      expect(paths.filter((p) => re.test(p)), glob).toHaveLength(1);
    }
    // One worker chunk and ORT's two .wasm builds (JSEP for WebGPU, plain for WASM), beside the page chunks.
    expect(paths.filter((p) => /^dist\/lib\/assets\/inpaint\.worker-[\w-]+\.js$/.test(p))).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('.wasm'))).toHaveLength(2);
  });

  it('page chunks reference the worker and the .wasm only as new URL(string literal, import.meta.url)', async () => {
    // What bundlers rewrite. webpack 5 reads `new URL(variable, import.meta.url)` as a request for
    // every file in the folder, and the app throws "Cannot find module" at run time.
    const pageChunks = dryRun.files.map((f) => f.path).filter((p) => /^dist\/lib\/.*\.js$/.test(p) && !p.includes('inpaint.worker-'));
    const literal: string[] = [];
    const other: string[] = [];
    for (const chunk of pageChunks) {
      const code = await readFile(path.join(ROOT, chunk), 'utf8');
      for (const m of code.matchAll(/new URL\(([^,()]*),\s*import\.meta\.url\s*\)/g)) (/^(`[^`$]*`|'[^']*'|"[^"]*")$/.test(m[1].trim()) ? literal : other).push(`${chunk}: ${m[0]}`);
    }
    expect(other).toEqual([]);
    expect(literal.filter((l) => /inpaint\.worker-[\w-]+\.js/.test(l))).toHaveLength(1);
    expect(literal.filter((l) => /ort-wasm-simd-threaded\.jsep-[\w-]+\.wasm/.test(l))).toHaveLength(1);
    expect(literal.filter((l) => /ort-wasm-simd-threaded-[\w-]+\.wasm/.test(l))).toHaveLength(1);
  });
});

describe('a Vite 8 app that installed the tarball', () => {
  it('type-checks the imports with tsc: client options, the task shape, inpaint-complete on HTMLElementEventMap', () => {
    // types-check.ts also holds @ts-expect-error lines: a declaration that lost its type fails here too.
    expect(tscOutput.output).toBe('');
    expect(tscOutput.code).toBe(0);
  });

  it('vite build copies the worker and the .wasm as assets and finds them from the page chunk', async () => {
    const assets = await readdir(path.join(app, 'dist/assets'));
    expect(assets.filter((f) => /^inpaint\.worker-[\w-]+\.js$/.test(f))).toHaveLength(1);
    expect(assets.filter((f) => /^ort-wasm-simd-threaded\.jsep-[\w-]+\.wasm$/.test(f))).toHaveLength(1);
    expect(assets.filter((f) => /^ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(f))).toHaveLength(1);
    const page = assets.filter((f) => f.endsWith('.js') && !f.startsWith('inpaint.worker-'));
    expect(page).toHaveLength(1);
    const code = await readFile(path.join(app, 'dist/assets', page[0]), 'utf8');
    for (const asset of assets.filter((f) => f !== page[0])) expect(code, asset).toContain(asset);
    // What the README states an app pays at page load (API + editor, Lit included): 65 kB gzip today.
    expect(gzipSync(code).length).toBeLessThan(100_000);
  });

  it('runs a task through the API: the input size, every pixel outside the hole unchanged', async () => {
    const page = await openApp(server.url);
    const errors = watchPageErrors(page);
    await expectApiTask(page, 320, 240);
    // The worker and ORT's .wasm (the plain build: a WASM task) came from the app's own assets/ (copied there by the app's build).
    expect(server.requests.some((p) => /^\/assets\/inpaint\.worker-[\w-]+\.js$/.test(p))).toBe(true);
    expect(server.requests.some((p) => /^\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(p))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs a task through <inpaint-editor> (open, paint, generate) on the app\'s client', async () => {
    const page = await openApp(server.url);
    const errors = watchPageErrors(page);
    const file = path.join(tmp, 'photo.png');
    const image = await makePhotoPng(page, 320, 240);
    await writeFile(file, image);
    await openImageFile(page, file);
    await paintStroke(page, [[170, 110], [230, 130]]);
    await page.getByRole('textbox', { name: 'Prompt' }).fill('plain background');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.waitForFunction(() => window.app.events.some((e) => e.name === 'inpaint-complete' || e.name === 'inpaint-error'), null, { timeout: 150_000 });
    const events = await page.evaluate(() => window.app.events);
    expect(events.filter((e) => e.name === 'inpaint-error')).toEqual([]);
    expect(events.find((e) => e.name === 'inpaint-complete')).toMatchObject({ status: 'COMPLETED', resolution: '320x240' });

    const result = Buffer.from(
      await page.evaluate(async () => {
        const bytes = new Uint8Array(await window.app.editorResult!.arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(bin);
      }),
      'base64',
    );
    const mask = await exportMaskPng(page);
    expect(pngSize(result)).toEqual({ width: 320, height: 240 });
    const diff = await diffByMask(page, image, result, mask);
    expect(diff.holePixels).toBeGreaterThan(0);
    expect(diff.changedOutside).toBe(0);
    expect(diff.changedInHole).toBeGreaterThan(0);
    // The app's theme reached the shadow DOM.
    expect(await page.locator('inpaint-editor [part~="generate"]').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(15, 118, 110)');
    await page.screenshot({ path: await screenshotPath('package-consumer-vite.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs a task under `vite` dev, through its dependency pre-bundling, with no setting', async () => {
    // What the server was asked for, the worker's own requests included (the page's 'request' events miss those).
    const requests: string[] = [];
    const dev = await createServer({
      root: app,
      configFile: false,
      logLevel: 'error',
      cacheDir: path.join(app, 'node_modules/.vite'),
      server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null },
      plugins: [{ name: 'record-requests', configureServer: (s) => void s.middlewares.use((req, _res, next) => (requests.push(new URL(req.url ?? '/', 'http://x').pathname), next())) }],
    });
    try {
      await dev.listen();
      const { port } = dev.httpServer!.address() as AddressInfo;
      const page = await openApp(`http://127.0.0.1:${port}`);
      const errors = watchPageErrors(page);
      await expectApiTask(page, 96, 64);
      // The pre-bundled page chunk moved, but the worker and the .wasm still resolve to the package's files.
      expect(requests.filter((p) => /^\/node_modules\/local-inpaint\/dist\/lib\/assets\/(inpaint\.worker-[\w-]+\.js|ort-wasm-simd-threaded-[\w-]+\.wasm)$/.test(p))).toHaveLength(2);
      expect(requests.some((p) => p.startsWith('/node_modules/.vite/deps/'))).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await dev.close();
    }
  });
});

/**
 * One task through `window.app.inpaint()` (the app's own API call) on a
 * generated photo with a rectangular hole over its red box: the result has the
 * input's size, every pixel outside the hole is unchanged and the hole is filled.
 */
async function expectApiTask(page: Page, width: number, height: number): Promise<void> {
  const hole = { x: Math.round(width * 0.53), y: Math.round(height * 0.42), w: Math.round(width * 0.19), h: Math.round(height * 0.21) };
  const image = await makePhotoPng(page, width, height);
  const mask = await maskPng(page, width, height, hole);
  const result = await page.evaluate(
    async ([image64, mask64]) => {
      const blob = async (b64: string) => (await fetch(`data:image/png;base64,${b64}`)).blob();
      const out = await window.app.inpaint(await blob(image64), await blob(mask64));
      const bytes = new Uint8Array(await out.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(bin);
    },
    [image.toString('base64'), mask.toString('base64')] as const,
  );
  const output = Buffer.from(result, 'base64');
  expect(pngSize(output)).toEqual({ width, height });
  const diff = await diffByMask(page, image, output, mask);
  expect(diff).toMatchObject({ width, height, holePixels: hole.w * hole.h, changedOutside: 0 });
  // The hole held part of the red box and was filled from its surroundings.
  expect(diff.changedInHole).toBeGreaterThan(diff.holePixels / 4);
}

async function openApp(origin: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => customElements.get('inpaint-editor') !== undefined && 'app' in window);
  return page;
}

/** A white PNG with one black (edit) rectangle, drawn by Chromium. */
async function maskPng(page: Page, width: number, height: number, hole: { x: number; y: number; w: number; h: number }): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ([w, h, r]) => {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#000';
      ctx.fillRect(r.x, r.y, r.w, r.h);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(bin);
    },
    [width, height, hole] as const,
  );
  return Buffer.from(base64, 'base64');
}

declare global {
  interface Window {
    app: {
      events: { name: string; status?: string; resolution?: string; code?: string; message?: string }[];
      editorResult?: Blob;
      inpaint(image: Blob, mask: Blob): Promise<Blob>;
    };
  }
}
