import { it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDevServer } from '../support/servers';
it('debug', async () => {
  const server = await startDevServer();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/?backend=wasm`);
  await page.waitForFunction(() => document.querySelector('inpaint-editor')?.shadowRoot?.querySelector('[part~="generate"]'));
  console.log('[dbg]', await page.evaluate(() => {
    const r = document.querySelector('inpaint-editor')!.shadowRoot!;
    const sep = r.querySelector('.sep') as HTMLElement;
    const mc = r.querySelector('inpaint-mask-canvas') as HTMLElement;
    return JSON.stringify({ sep: getComputedStyle(sep).display, sepRect: sep.getBoundingClientRect(), mc: getComputedStyle(mc).height, cols: getComputedStyle(r.querySelector('.base')!).gridTemplateColumns, host: document.querySelector('inpaint-editor')!.getBoundingClientRect().width });
  }));
  await browser.close(); await server.close();
}, 120000);
