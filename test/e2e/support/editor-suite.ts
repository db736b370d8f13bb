/**
 * The setup the editor e2e files share: the run's dev server, Chromium and a temp
 * folder, the last two started before the file's tests and closed after; and opening
 * index.html on WASM with the page's errors collected.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchChromium, watchPageErrors } from './browser';

/** A phone's browser context (390×844, touch): the editor must fit it with nothing scrolling sideways. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

export interface EditorSuite {
  readonly browser: Browser;
  /** A temp folder for the files a test writes (photos to open). */
  readonly tmp: string;
  /** A new page on index.html (WASM backend) once the editor is ready; `errors` collects the page's errors. */
  openEditor(context: BrowserContext): Promise<{ page: Page; errors: string[] }>;
  /** Runs `test` on index.html in a new browser context made with `options`, closed afterwards whatever happens. */
  inEditor(options: BrowserContextOptions, test: (opened: { page: Page; errors: string[] }) => Promise<void>): Promise<void>;
}

/** Registers the file's beforeAll/afterAll and returns the handles they fill. */
export function editorSuite(prefix: string): EditorSuite {
  /** The run's shared dev server on index.html (test/e2e/support/global-setup.ts). */
  const server = { url: inject('e2eDevServer') };
  let browser: Browser;
  let tmp: string;
  beforeAll(async () => {
    [browser, tmp] = await Promise.all([launchChromium(), mkdtemp(path.join(os.tmpdir(), prefix))]);
  });
  afterAll(async () => {
    await browser?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });
  return {
    get browser() {
      return browser;
    },
    get tmp() {
      return tmp;
    },
    async openEditor(context) {
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await page.goto(`${server.url}/?backend=wasm`);
      await page.waitForFunction(() => customElements.get('inpaint-editor') && document.querySelector('inpaint-editor')?.shadowRoot?.querySelector('[part~="generate"]'));
      return { page, errors };
    },
    async inEditor(options, test) {
      const context = await browser.newContext(options);
      try {
        await test(await this.openEditor(context));
      } finally {
        await context.close();
      }
    },
  };
}
