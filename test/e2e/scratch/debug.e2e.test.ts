import { it } from 'vitest';
import http from 'node:http';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { launchChromium, ROOT } from '../support/browser';
it('debug cross-origin', async () => {
  const lib = '/tmp/xo-lib';
  await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), mode: 'lib', logLevel: 'warn', build: { outDir: lib, emptyOutDir: true } });
  const b = http.createServer((req, res) => { const f = path.join(lib, req.url!.split('?')[0]); if (!existsSync(f)) { res.writeHead(404).end(); return; } res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' }); createReadStream(f).pipe(res); });
  await new Promise<void>((r) => b.listen(0, '127.0.0.1', r));
  const bport = (b.address() as any).port;
  const a = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><link rel=icon href="data:,"><script type=module src="http://127.0.0.1:${bport}/inpaint-editor.js"></script><inpaint-editor backend=wasm no-persist></inpaint-editor>`); });
  await new Promise<void>((r) => a.listen(0, '127.0.0.1', r));
  const browser = await launchChromium();
  const page = await browser.newPage();
  page.on('console', (m) => console.log('[console]', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  await page.goto(`http://127.0.0.1:${(a.address() as any).port}/`);
  await page.waitForFunction(() => customElements.get('inpaint-editor'));
  const r = await page.evaluate(async () => {
    const ed = document.querySelector('inpaint-editor')!;
    const c = new OffscreenCanvas(64, 64); const x = c.getContext('2d')!; x.fillStyle = '#888'; x.fillRect(0, 0, 64, 64);
    const m = new OffscreenCanvas(64, 64); const y = m.getContext('2d')!; y.fillStyle = '#fff'; y.fillRect(0, 0, 64, 64); y.fillStyle = '#000'; y.fillRect(20, 20, 20, 20);
    const { InpaintClient } = await import(new URL('./local-inpaint.js', (document.querySelector('script[type=module]') as HTMLScriptElement).src).href);
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    try {
      const { data } = await client.submit({ image: await c.convertToBlob(), mask: await m.convertToBlob(), prompt: 'x' });
      const done = await client.wait(data.task_id);
      return JSON.stringify(done.data.status) + ' ' + JSON.stringify(done.data.error ?? null);
    } catch (e) { return 'threw ' + String(e); }
  });
  console.log('[result]', r);
  await browser.close(); a.close(); b.close();
}, 120000);
