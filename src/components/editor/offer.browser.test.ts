/**
 * The editor's first-run offer, the picker's "not on this device" marking and
 * the unused-prompt branch, in real Chromium through the real client, worker
 * and weight cache. Weights are the generated twins on the local model server
 * (test/servers/model-server.ts); nothing comes from the network. Headless
 * Chromium's WebGPU adapter here is SwiftShader, without shader-f16: a real
 * device that cannot run the published SD models.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import './editor';
import type { InpaintEditor } from './editor';
import { InpaintClient } from '../../client/inpaint-client';
import type { InpaintCompleteEvent } from '../../events/inpaint-complete';
import type { InpaintErrorEvent } from '../../events/inpaint-error';
import { photo, stroke, type } from '../../../test/fixtures/editor';
import { twinOverrides, twinRequests } from '../../../workers/pipelines/test-utils';
import { sdTwinOverrides } from '../../../workers/pipelines/diffusion/test-utils';
import { MiB, serveFile, serverLog } from '../../../workers/cache/test-utils';
import { InpaintError } from '../../shared/errors';
import { SD_TURBO_MANIFEST } from '../../../models/sd/manifest';

const F16 = 'needs a graphics card with 16-bit float support';
const MIGAN_OFFER = 'Sharper fills: download MI-GAN (28.1 MB), kept for offline use.';
const POLL = { timeout: 60_000, interval: 50 };

const clients: InpaintClient[] = [];
function client(options: ConstructorParameters<typeof InpaintClient>[0]): InpaintClient {
  const c = new InpaintClient({ backend: 'wasm', persist: false, ...options });
  clients.push(c);
  return c;
}

async function mount(c: InpaintClient): Promise<InpaintEditor> {
  const el = document.createElement('inpaint-editor');
  el.setAttribute('no-persist', '');
  el.style.width = '1000px';
  el.client = c;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

beforeEach(() => localStorage.removeItem('local-inpaint:dismissed-offers'));
afterEach(() => {
  document.body.replaceChildren();
  clients.splice(0).forEach((c) => c.dispose());
  localStorage.removeItem('local-inpaint:dismissed-offers');
});

const part = (el: InpaintEditor, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const $ = <T extends Element = HTMLElement>(el: InpaintEditor, sel: string) => {
  const found = el.shadowRoot!.querySelector<T>(sel);
  if (!found) throw new Error(`nothing matches ${sel}`);
  return found;
};

/** Opens a photo, paints a stroke from x0 to x1 across its middle, types the prompt and generates; resolves with the completion. */
async function generate(el: InpaintEditor, prompt: string, size: [number, number] = [160, 96], x0 = 40, x1 = 90): Promise<InpaintCompleteEvent> {
  if (!el.image) {
    el.image = await photo(...size);
    await el.updateComplete;
  }
  if (!el.maskCanvas.hasMask) stroke(el, size[1] / 2, x0, x1);
  type($<HTMLTextAreaElement>(el, '#prompt'), prompt);
  const done = new Promise<InpaintCompleteEvent>((resolve, reject) => {
    el.addEventListener('inpaint-complete', resolve, { once: true });
    el.addEventListener('inpaint-error', (e) => reject(new Error(`${e.detail.code}: ${e.detail.message}`)), { once: true });
  });
  await el.generate();
  const event = await done;
  await el.updateComplete;
  return event;
}

/** The offer is placed once the result is shown and the hole measured: wait for the editor to settle. */
async function settled(el: InpaintEditor): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
  }
}

describe('first-run offer', () => {
  it('offers MI-GAN right after the first built-in result and not before; downloads nothing without a click; once cached it never comes back, also after a reload', async () => {
    const run = `offer-${crypto.randomUUID()}`;
    const modelFiles = await twinOverrides(run);
    const c = client({ modelFiles });
    const el = await mount(c);
    const errors: InpaintErrorEvent[] = [];
    el.addEventListener('inpaint-error', (e) => errors.push(e));
    expect(part(el, 'offer')).toBeNull();

    el.image = await photo(160, 96);
    await el.updateComplete;
    stroke(el, 48, 40, 90);
    await settled(el);
    expect(part(el, 'offer'), 'no offer before a result').toBeNull();

    const first = await generate(el, 'remove the red square');
    expect(first.detail.response.data.model).toBe('builtin-fill');
    await expect.poll(() => part(el, 'offer')?.querySelector('.offer-text')?.textContent, POLL).toBe(MIGAN_OFFER);
    const download = part(el, 'offer-download')!;
    expect(download.textContent).toBe('Download MI-GAN');
    expect(part(el, 'offer-dismiss')?.textContent).toBe('Not now');
    await page.screenshot({ path: '../../../test-results/editor-offer.png', element: part(el, 'form')! });

    // Shown, but nothing was requested: it never downloads without a click.
    await new Promise((r) => setTimeout(r, 500));
    expect(await twinRequests('migan.onnx', run)).toEqual([]);
    expect(await c.cachedModelIds()).not.toContain('migan');

    download.click();
    await expect.poll(() => part(el, 'offer'), POLL).toBeNull();
    expect(part(el, 'status')?.textContent).toBe('MI-GAN is downloaded and kept for offline use: the next fill uses it.');
    expect((await twinRequests('migan.onnx', run)).map((r) => r.status)).toEqual([200]);
    expect(await c.cachedModelIds()).toContain('migan');
    expect(errors).toEqual([]);

    // The next result comes from MI-GAN (automatic routing takes the cached model), and no offer follows.
    const second = await generate(el, 'remove the red square');
    expect(second.detail.response.data.model).toBe('migan');
    await settled(el);
    expect(part(el, 'offer')).toBeNull();

    // A reload: a new editor and client over the same cache. Still MI-GAN, still no offer.
    el.remove();
    const again = await mount(client({ modelFiles }));
    const third = await generate(again, 'remove the red square');
    expect(third.detail.response.data.model).toBe('migan');
    await settled(again);
    expect(part(again, 'offer')).toBeNull();
    expect(await twinRequests('migan.onnx', run)).toHaveLength(1);
  });

  it('shows the download progress with a cancel button; cancel stops it cleanly (no error, nothing cached) and the next click resumes', async () => {
    // A 2 MiB file stands in for MI-GAN's weights (progress steps are ≥ 64 KiB; the twin is smaller). Its first
    // request sends half and then stalls for 20 s, like a slow network; later requests are served whole.
    const served = await serveFile(2 * MiB, 7, `cutAfter=${MiB}&cutDelayMs=20000`);
    const c = client({ modelFiles: { migan: [{ name: 'model', ...served.file }] } });
    const el = await mount(c);
    const errors: InpaintErrorEvent[] = [];
    el.addEventListener('inpaint-error', (e) => errors.push(e));
    await generate(el, 'remove the red square');
    await expect.poll(() => part(el, 'offer')?.querySelector('.offer-text')?.textContent, POLL).toBe(MIGAN_OFFER);

    part(el, 'offer-download')!.click();
    await expect.poll(() => (part(el, 'offer-progress') as HTMLProgressElement | null)?.value ?? 0, POLL).toBeGreaterThan(0);
    const bar = part(el, 'offer-progress') as HTMLProgressElement;
    expect(bar.value).toBeLessThanOrEqual(0.5);
    expect(bar.getAttribute('aria-label')).toBe('MI-GAN download');
    expect(part(el, 'offer-progress-text')?.textContent).toMatch(/^([1-5]?\d)% · Downloading t[\w-]+\.onnx: [\d.]+ (kB|MB) of 2\.1 MB \(\1%\)$/);
    expect(part(el, 'offer-download')).toBeNull();
    expect(part(el, 'offer-cancel')?.textContent).toBe('Cancel download');
    await page.screenshot({ path: '../../../test-results/editor-offer-downloading.png', element: part(el, 'form')! });

    // Cancel: the offer is back as it was and says so; no error event; nothing cached.
    part(el, 'offer-cancel')!.click();
    await expect.poll(() => part(el, 'offer-download')?.textContent, POLL).toBe('Download MI-GAN');
    expect(part(el, 'offer-progress')).toBeNull();
    expect(part(el, 'offer-note')?.textContent).toBe('Download cancelled. What arrived is kept, so the next download continues from there.');
    expect(errors).toEqual([]);
    expect(await c.cachedModelIds()).not.toContain('migan');

    // Again: served whole this time (a Range request for the rest); the offer goes, and the file is cached.
    part(el, 'offer-download')!.click();
    await expect.poll(() => part(el, 'offer'), POLL).toBeNull();
    expect(part(el, 'status')?.textContent).toBe('MI-GAN is downloaded and kept for offline use: the next fill uses it.');
    const log = await serverLog(served.path);
    expect(log.map((r) => [r.cut, r.range === null])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(await c.cachedModelIds()).toContain('migan');
    expect(errors).toEqual([]);
  });

  it('a Generate during a download says it waits for it, and runs once the download is cancelled', async () => {
    const served = await serveFile(2 * MiB, 8, `cutAfter=${MiB}&cutDelayMs=20000`);
    const c = client({ modelFiles: { migan: [{ name: 'model', ...served.file }] } });
    const el = await mount(c);
    await generate(el, 'remove the red square');
    await expect.poll(() => part(el, 'offer-download'), POLL).not.toBeNull();
    part(el, 'offer-download')!.click();
    await expect.poll(() => (part(el, 'offer-progress') as HTMLProgressElement | null)?.value ?? 0, POLL).toBeGreaterThan(0);
    const done = new Promise<InpaintCompleteEvent>((resolve) => el.addEventListener('inpaint-complete', resolve, { once: true }));
    const generating = el.generate();
    await expect.poll(() => el.shadowRoot!.querySelector('.progress-text')?.textContent?.trim(), POLL).toBe('0% · Queued: waiting for the MI-GAN download to finish…');
    part(el, 'offer-cancel')!.click();
    await generating;
    expect((await done).detail.response.data.model).toBe('builtin-fill');
    expect(await c.cachedModelIds()).not.toContain('migan');
  });

  it('offers LaMa instead for a large hole (longer side over 256 px); "Not now" hides it for good, also after a reload', async () => {
    const run = `offer-lama-${crypto.randomUUID()}`;
    const modelFiles = await twinOverrides(run);
    const el = await mount(client({ modelFiles }));
    // A 640×400 photo and a stroke from x 40 to 480: a hole about 480 px wide.
    const done = await generate(el, 'remove the red square', [640, 400], 40, 480);
    expect(done.detail.response.data.model).toBe('builtin-fill');
    await expect.poll(() => part(el, 'offer')?.querySelector('.offer-text')?.textContent, POLL).toBe(
      'Better fills for large areas: download LaMa (208 MB), kept for offline use.',
    );
    part(el, 'offer-dismiss')!.click();
    await el.updateComplete;
    expect(part(el, 'offer')).toBeNull();
    expect(await twinRequests('lama.onnx', run)).toEqual([]);

    // After a reload the dismissed LaMa is not offered; the small-hole offer (MI-GAN) still is.
    el.remove();
    const again = await mount(client({ modelFiles }));
    await generate(again, 'remove the red square', [640, 400], 40, 480);
    await expect.poll(() => part(again, 'offer')?.querySelector('.offer-text')?.textContent, POLL).toBe(MIGAN_OFFER);
  });
});

describe('models this device cannot run', () => {
  it('marks SD-Turbo and SD-1.5 unavailable in the picker with one plain sentence, the technical detail behind Details and in the API error', async () => {
    // The published manifests as-is, and 'auto' as the editor's default: SwiftShader is a software adapter without shader-f16.
    const c = client({ backend: 'auto' });
    const support = await c.deviceSupport();
    const turbo = support.models.find((m) => m.model === 'sd-turbo')!;
    expect(turbo).toMatchObject({ runnable: false, reason: F16 });
    expect(turbo.details.map((d) => d.backend)).toEqual(['webgpu', 'wasm']);
    expect(turbo.details[1].problems[0]).toMatch(/WebAssembly memory/);
    expect(support.models.filter((m) => m.runnable).map((m) => m.model)).toEqual(['builtin-fill', 'migan', 'lama']);

    const el = await mount(c);
    $<HTMLDetailsElement>(el, 'details.options').open = true;
    await expect.poll(() => [...$<HTMLSelectElement>(el, '#model').options].filter((o) => o.disabled).map((o) => [o.value, o.textContent!.trim()]), POLL).toEqual([
      ['sd-turbo', `SD-Turbo (not on this device: ${F16})`],
      ['sd15-inpainting', `SD-1.5 inpainting (not on this device: ${F16})`],
    ]);
    const note = part(el, 'model-unavailable')!;
    expect(note.querySelector('p')!.textContent).toBe('Not on this device: SD-Turbo and SD-1.5 inpainting need a graphics card with 16-bit float support.');
    expect($(el, '#model').getAttribute('aria-describedby')).toContain('model-unavailable');
    const details = part(el, 'model-unavailable-details') as HTMLDetailsElement;
    expect(details.tagName).toBe('DETAILS');
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('Details');
    expect(details.textContent).toContain('shader-f16 no');
    expect(details.textContent).toMatch(/WASM: it needs about \d+ bytes \([\d.]+ GiB\) of WebAssembly memory/);
    details.open = true;
    await page.screenshot({ path: '../../../test-results/editor-model-unavailable.png', element: part(el, 'form')! });

    // The API refuses the download before any request, plain reason first.
    const err = await c.downloadModel('sd-turbo').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InpaintError);
    expect((err as InpaintError).code).toBe('backend_unavailable');
    expect((err as InpaintError).message).toMatch(new RegExp(`^This device cannot run "sd-turbo": it ${F16}\\. Details: webgpu: .*wasm: `));
    expect(await c.cachedModelIds()).not.toContain('sd-turbo');

    // The model attribute cannot choose it either: a form error, and Generate submits nothing.
    el.model = 'sd-turbo';
    await el.updateComplete;
    await expect.poll(() => el.shadowRoot!.querySelector('#model-error')?.textContent ?? '', POLL).toContain(`is "sd-turbo", which this device cannot run: it ${F16}`);
  });
});

describe('the prompt branch', () => {
  it('says the prompt was not used and that this device cannot run the prompt-guided models (real SD files, SwiftShader)', async () => {
    const run = `branch-${crypto.randomUUID()}`;
    const el = await mount(client({ backend: 'auto', modelFiles: await twinOverrides(run) }));
    const done = await generate(el, 'add a red balloon');
    expect(done.detail.response.data.model).toBe('builtin-fill');
    expect(part(el, 'status')!.textContent).toContain(
      `The prompt was not used: Built-in fill fills the painted area from its surroundings, and this device cannot run the prompt-guided models: ${F16}.`,
    );
    // SD-Turbo is not offered; the better fill is.
    await expect.poll(() => part(el, 'offer')?.querySelector('.offer-text')?.textContent, POLL).toBe(MIGAN_OFFER);
  });

  it('offers the SD-Turbo download in one click where it can run (its twins), with its licence; then the prompt is followed', async () => {
    const run = `branch-sd-${crypto.randomUUID()}`;
    const c = client({ modelFiles: { ...(await twinOverrides(run)), ...(await sdTwinOverrides(run)) } });
    const el = await mount(c);
    const done = await generate(el, 'add a red balloon');
    expect(done.detail.response.data.model).toBe('builtin-fill');
    expect(part(el, 'status')!.textContent).toContain(
      'The prompt was not used: Built-in fill fills the painted area from its surroundings. Prompt-guided generation needs a model that is not cached: download SD-Turbo (≈ 2.6 GB).',
    );
    await expect.poll(() => part(el, 'offer')?.querySelector('.offer-text')?.textContent, POLL).toBe(
      'Follow the prompt: download SD-Turbo (≈ 2.6 GB), kept for offline use.',
    );
    expect(part(el, 'offer-licence')?.textContent).toBe(`Licence: ${SD_TURBO_MANIFEST.diffusion.licenceNote}`);
    expect(await c.cachedModelIds()).not.toContain('sd-turbo');
    part(el, 'offer-download')!.click();
    await expect.poll(() => part(el, 'offer'), POLL).toBeNull();
    expect(part(el, 'status')?.textContent).toBe('SD-Turbo is downloaded and kept for offline use: Generate again to follow the prompt.');
    const next = await generate(el, 'add a red balloon');
    expect(next.detail.response.data.model).toBe('sd-turbo');
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).not.toContain('The prompt was not used');
  });
});
