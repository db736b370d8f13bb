/**
 * The app build and the library build under a strict Content-Security-Policy,
 * what a careful host or an enterprise page sends (issue 13):
 * `script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:`, on the page and
 * on the worker script. Nothing shipped may need 'unsafe-eval' (the built-in ONNX graph
 * used to be written with protobufjs's run-time codegen, and every task failed).
 * Each build completes a task on the built-in model through the editor, and one on
 * a learned-model twin (MI-GAN's, downloaded from the model server into the weight cache).
 */
import { copyFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildMiganTwin } from '../../models/build/migan-twin';
import { startModelServer, type ModelServer } from '../servers/model-server';
import { launchChromium, ROOT, screenshotPath, watchPageErrors } from './support/browser';
import { makePhotoPng, openImageFile, paintStroke } from './support/editor-driver';
import { startStaticServer } from './support/servers';

const POLICY = "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:";

let tmp: string;
let lib: string;
let server: Awaited<ReturnType<typeof startStaticServer>>;
let models: ModelServer;
let browser: Browser;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'inpaint-csp-'));
  const site = path.join(tmp, 'site');
  // The run's shared builds (test/e2e/support/global-setup.ts). A copy of the app build is the site
  // (its index.html loads /assets/… from the root), with the test pages added; the library is mounted beside it.
  const builds = inject('e2eBuilds');
  lib = builds.lib;
  await cp(builds.app, site, { recursive: true });
  await copyFile(path.join(ROOT, 'test/e2e/fixtures/csp-lib.html'), path.join(site, 'lib.html'));
  for (const f of ['csp-probe.js', 'csp-lib.js']) await copyFile(path.join(ROOT, 'test/e2e/fixtures', f), path.join(site, f));
  [server, models, browser] = await Promise.all([
    startStaticServer(site, { '/static/lib/': lib }, { headers: { 'content-security-policy': POLICY } }),
    startModelServer(),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await models?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Every console message and violation that mentions the policy, from the page and its worker. */
function watchCsp(page: Page): string[] {
  const seen: string[] = [];
  const note = (text: string) => /Content Security Policy|unsafe-eval|EvalError/i.test(text) && seen.push(text);
  page.on('console', (m) => note(m.text()));
  page.on('pageerror', (e) => note(e.message));
  page.on('worker', (w) => w.on('console', (m) => note(`worker: ${m.text()}`)));
  return seen;
}

/** Opens an image, paints, prompts and generates in the editor; resolves with the finished task's fields. */
async function generateInEditor(page: Page, name: string) {
  const file = path.join(tmp, `${name}.png`);
  await writeFile(file, await makePhotoPng(page, 160, 120));
  await openImageFile(page, file);
  await paintStroke(page, [[80, 55], [115, 65]]);
  await page.evaluate(() => {
    const w = window as unknown as { outcome?: unknown };
    document.addEventListener('inpaint-complete', (e) => (w.outcome = { ok: true, ...pick((e as CustomEvent).detail.response.data) }), { once: true });
    document.addEventListener('inpaint-error', (e) => (w.outcome = { ok: false, ...(e as CustomEvent).detail }), { once: true });
    function pick(d: { status: string; model: string; backend: string; images: { resolution: string }[] }) {
      return { status: d.status, model: d.model, backend: d.backend, resolution: d.images[0].resolution };
    }
  });
  await page.getByRole('textbox', { name: 'Prompt' }).fill('plain background');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await page.waitForFunction(() => (window as unknown as { outcome?: unknown }).outcome !== undefined, null, { timeout: 150_000 });
  return page.evaluate(() => (window as unknown as { outcome: Record<string, unknown> }).outcome);
}

/** Runs a MI-GAN twin task through `Client` (an InpaintClient class from the build under test) in the page. */
async function runLearnedTwin(page: Page, clientSource: 'editor' | 'module') {
  const twin = buildMiganTwin();
  const sha256 = createHash('sha256').update(twin).digest('hex');
  const files = { migan: [{ name: 'model', url: `${models.url}/twin/migan.onnx?run=${clientSource}-${Date.now()}`, bytes: twin.length, sha256 }] };
  return page.evaluate(
    async ({ files, clientSource }) => {
      type Ctor = new (options: object) => {
        submit(body: object): Promise<{ data: { task_id: string } }>;
        wait(id: string): Promise<{ data: { status: string; model: string; backend: string; error?: { message: string } } }>;
        dispose(): void;
      };
      const Client: Ctor =
        clientSource === 'editor'
          ? ((document.querySelector('inpaint-editor') as unknown as { client: object }).client.constructor as Ctor)
          : (window as unknown as { LocalInpaint: { InpaintClient: Ctor } }).LocalInpaint.InpaintClient;
      const canvas = new OffscreenCanvas(96, 64);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#468';
      ctx.fillRect(0, 0, 96, 64);
      const image = await canvas.convertToBlob({ type: 'image/png' });
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 96, 64);
      ctx.fillStyle = '#000';
      ctx.fillRect(30, 20, 20, 16);
      const mask = await canvas.convertToBlob({ type: 'image/png' });
      const client = new Client({ backend: 'wasm', persist: false, modelFiles: files });
      try {
        const done = await client.wait((await client.submit({ image, mask, prompt: 'x', model: 'migan' })).data.task_id);
        return { status: done.data.status, model: done.data.model, backend: done.data.backend, error: done.data.error?.message };
      } finally {
        client.dispose();
      }
    },
    { files, clientSource },
  );
}

describe(`under "${POLICY}"`, () => {
  it('the app build completes a task on the built-in model and on a learned-model twin', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    const csp = watchCsp(page);
    await page.goto(`${server.url}/index.html?backend=wasm`);
    await page.waitForFunction(() => customElements.get('inpaint-editor') !== undefined);
    expect(await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy')))).toBe(POLICY);
    expect(await generateInEditor(page, 'app')).toMatchObject({ ok: true, status: 'COMPLETED', model: 'builtin-fill', backend: 'wasm', resolution: '160x120' });
    expect(await runLearnedTwin(page, 'editor')).toEqual({ status: 'COMPLETED', model: 'migan', backend: 'wasm', error: undefined });
    await page.screenshot({ path: await screenshotPath('csp-app.png'), fullPage: true });
    expect(csp).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the library build completes a task on the built-in model and on a learned-model twin, and the page really refuses eval', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchPageErrors(page);
    const csp = watchCsp(page);
    await page.goto(`${server.url}/lib.html`);
    await page.waitForFunction(() => customElements.get('inpaint-editor') !== undefined && 'LocalInpaint' in window);
    // The control: this page's policy is enforced (string evaluation throws), so passing tasks mean something.
    expect(await page.evaluate(() => (window as unknown as { evalAllowed: boolean }).evalAllowed)).toBe(false);
    csp.length = 0; // the control's own violation report
    expect(await generateInEditor(page, 'lib')).toMatchObject({ ok: true, status: 'COMPLETED', model: 'builtin-fill', backend: 'wasm', resolution: '160x120' });
    expect(await runLearnedTwin(page, 'module')).toEqual({ status: 'COMPLETED', model: 'migan', backend: 'wasm', error: undefined });
    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    expect(violations.filter((v) => !/^script-src: eval/.test(v))).toEqual([]);
    expect(violations).toHaveLength(1); // only the control's
    expect(csp).toEqual([]);
    expect(errors.filter((e) => !/unsafe-eval|Content Security Policy/.test(e))).toEqual([]);
    await page.close();
  });

  it('ships no string-to-code evaluation in either build', async () => {
    for (const dir of [path.join(tmp, 'site', 'assets'), lib, path.join(lib, 'assets')]) {
      for (const f of (await readdir(dir)).filter((n) => n.endsWith('.js'))) {
        const text = await readFile(path.join(dir, f), 'utf8');
        expect(text.match(/\bnew Function\(|[^.\w]Function\(["'`]|\beval\(/g), `${dir}/${f}`).toBeNull();
      }
    }
  });
});
