import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { page } from 'vitest/browser';
import './editor';
import type { InpaintEditor } from './editor';
import { InpaintClient } from '../../client/inpaint-client';
import type { InpaintCompleteEvent } from '../../events/inpaint-complete';
import type { InpaintErrorEvent } from '../../events/inpaint-error';
import { photo, stroke, type } from '../../../test/fixtures/editor';
import { MODELS } from '../../../models/registry';
import { SD_TURBO_MANIFEST, isDiffusionManifest } from '../../../models/sd/manifest';
import { sdTwinOverrides } from '../../../workers/pipelines/diffusion/test-utils';
import { licenceNote } from './licence-note';
import { renderResults, type ResultsViewProps } from './results-view';
import { render } from 'lit';
import type { InpaintRequest } from '../../request/types';
import exifr from 'exifr';
import { readImageMetadata } from '../../image/metadata';
import { CAMERA } from '../../image/metadata/test-exif';
import { adobeRgbCameraJpeg, redDiscPng, shownPixels } from '../../../test/fixtures/colour';
import { convertImage } from './image-source';

const TURBO_LICENCE = SD_TURBO_MANIFEST.diffusion.licenceNote;

async function mount(setup: (el: InpaintEditor) => void = () => {}): Promise<InpaintEditor> {
  const el = document.createElement('inpaint-editor');
  el.setAttribute('backend', 'wasm');
  el.setAttribute('no-persist', '');
  el.style.width = '1000px';
  setup(el);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const clients: InpaintClient[] = [];
afterEach(() => {
  document.body.replaceChildren();
  clients.splice(0).forEach((c) => c.dispose());
});

const $ = <T extends Element = HTMLElement>(el: InpaintEditor, sel: string) => {
  const found = el.shadowRoot!.querySelector<T>(sel);
  if (!found) throw new Error(`nothing matches ${sel}`);
  return found;
};

function chooseFile(input: HTMLInputElement, file: File): void {
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/**
 * 'shown' when no style hides `node` from the person using the page: it is
 * connected, and neither it nor any flat-tree ancestor (slots and shadow hosts
 * included) has display:none, visibility:hidden or content-visibility:hidden;
 * else what hides it. Read from computed styles, not from layout: two CI runs
 * saw checkVisibility() report "no box" for a node no style hid (connected, the
 * document visible), which a loaded runner's frame scheduling can cause, and no
 * local run has; the screenshots below check the rendering itself.
 */
function styleVisibility(node: Element): string {
  if (!node.isConnected) return 'detached';
  for (let n: Element | null = node; n; n = n.assignedSlot ?? n.parentElement ?? ((n.getRootNode() as ShadowRoot).host ?? null)) {
    const cs = getComputedStyle(n);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.contentVisibility === 'hidden') {
      return `hidden by <${n.localName}${n.id ? `#${n.id}` : ''} class="${n.className}">: display ${cs.display}, visibility ${cs.visibility}, content-visibility ${cs.contentVisibility}`;
    }
  }
  return 'shown';
}

/** The Model select's options as [value, text], in order. */
const modelOptions = (el: InpaintEditor) => [...$<HTMLSelectElement>(el, '#model').options].map((o) => [o.value, o.textContent!.trim()]);

/** Opens the Options panel (its toggle asks the client which models are cached). */
async function openOptions(el: InpaintEditor): Promise<void> {
  $<HTMLDetailsElement>(el, 'details.options').open = true;
  await new Promise((r) => setTimeout(r, 0)); // the toggle event is queued
  await el.updateComplete;
}

/**
 * Two editors on their own WASM clients: `a` warms up as usual, `b` has
 * `no-warmup`; `warmed` and `warmups` spy on their clients' `warmup()`.
 */
async function warmAndColdEditors() {
  const warm = new InpaintClient({ backend: 'wasm', persist: false });
  const cold = new InpaintClient({ backend: 'wasm', persist: false });
  clients.push(warm, cold);
  const a = await mount((el) => (el.client = warm));
  const b = await mount((el) => {
    el.client = cold;
    el.noWarmup = true;
  });
  return { a, b, warm, cold, warmed: vi.spyOn(warm, 'warmup'), warmups: vi.spyOn(cold, 'warmup') };
}

/** Records every request body the editor submits. */
function recordSubmits(client: InpaintClient): InpaintRequest[] {
  const bodies: InpaintRequest[] = [];
  const submit = client.submit.bind(client);
  vi.spyOn(client, 'submit').mockImplementation((body) => {
    bodies.push(body as InpaintRequest);
    return submit(body);
  });
  return bodies;
}

function completion(el: InpaintEditor): Promise<InpaintCompleteEvent> {
  return new Promise<InpaintCompleteEvent>((resolve, reject) => {
    el.addEventListener('inpaint-complete', resolve, { once: true });
    el.addEventListener('inpaint-error', (e) => reject(new Error(`${e.detail.code}: ${e.detail.message}`)), { once: true });
  });
}

describe('<inpaint-editor>', () => {
  it('renders its parts, labels every control and announces status politely', async () => {
    const el = await mount();
    for (const p of ['base', 'toolbar', 'canvas', 'form', 'prompt', 'generate', 'status']) expect($(el, `[part~="${p}"]`)).toBeTruthy();
    expect($(el, '[part~="toolbar"]').getAttribute('role')).toBe('toolbar');
    expect($(el, '[part~="status"]').getAttribute('aria-live')).toBe('polite');
    expect($(el, '[part~="canvas"]').tagName).toBe('INPAINT-MASK-CANVAS');
    const prompt = $<HTMLTextAreaElement>(el, '#prompt');
    expect(prompt.labels?.[0]?.textContent).toContain('Prompt');
    expect(prompt.getAttribute('aria-required')).toBe('true');
    const unlabeled = [...el.shadowRoot!.querySelectorAll<HTMLElement>('input, select, textarea, button')].filter((c) => {
      const named = c.getAttribute('aria-label') || (c as HTMLInputElement).labels?.length || (c.tagName === 'BUTTON' && c.textContent!.trim());
      return !named;
    });
    expect(unlabeled.map((c) => c.outerHTML)).toEqual([]);
    expect(customElements.get('inpaint-editor')).toBeDefined();
  });

  it('an empty prompt submits nothing and says so', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    clients.push(client);
    const el = await mount((e) => (e.client = client));
    chooseFile($<HTMLInputElement>(el, '.toolbar input[type=file]'), await photo(96, 64));
    await el.updateComplete;
    stroke(el, 30, 20, 70);
    const errors: InpaintErrorEvent[] = [];
    el.addEventListener('inpaint-error', (e) => errors.push(e));
    $<HTMLButtonElement>(el, '[part~="generate"]').click();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect((await client.list()).data).toEqual([]);
    expect($(el, '[part~="status"]').textContent).toContain('Enter a prompt');
    expect($(el, '#prompt').getAttribute('aria-invalid')).toBe('true');
    expect($(el, '#prompt-error').textContent).toContain('required');
    expect(el.shadowRoot!.activeElement).toBe($(el, '#prompt'));
    expect(errors).toEqual([]);
  });

  it('validates style codes as you type with the API rules, and refuses to submit the combination', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    clients.push(client);
    const el = await mount((e) => (e.client = client));
    el.image = await photo(64, 64);
    await el.updateComplete;
    type($<HTMLInputElement>(el, '#style-codes'), '1a2b3c4d, xyz');
    await el.updateComplete;
    expect($(el, '#style_codes-error').textContent).toContain('style_codes[1] is "xyz"; expected exactly 8 hexadecimal characters');
    expect($(el, '#style-codes').getAttribute('aria-invalid')).toBe('true');
    type($<HTMLInputElement>(el, '#style-codes'), '1a2b3c4d');
    const select = $<HTMLSelectElement>(el, '#style-type');
    select.value = 'REALISTIC';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($(el, '#style_codes-error').textContent).toContain('cannot be combined with style_type');
    stroke(el, 30, 10, 50);
    type($<HTMLTextAreaElement>(el, '#prompt'), 'a window');
    const errors: InpaintErrorEvent[] = [];
    el.addEventListener('inpaint-error', (e) => errors.push(e));
    await el.generate();
    expect(errors).toHaveLength(1);
    expect(errors[0].detail.code).toBe('invalid_request');
    expect(errors[0].detail.invalid_params?.map((p) => p.name)).toEqual(['style_codes']);
    expect((await client.list()).data).toEqual([]);
  });

  it('creates no client after it left the page while its task ran: the task stays persisted for the next load', async () => {
    // The editor's own persisted client uses the default database; this test removes what it adds there.
    const ids = async () => {
      const reader = new InpaintClient({ backend: 'wasm', resume: false });
      try {
        return { reader, ids: (await reader.list()).data.map((t) => t.task_id) };
      } catch (err) {
        reader.dispose();
        throw err;
      }
    };
    const before = await ids();
    before.reader.dispose();
    const el = await mount((e) => e.removeAttribute('no-persist'));
    onTestFinished(async () => {
      el.client?.dispose();
      const after = await ids();
      for (const id of after.ids.filter((id) => !before.ids.includes(id))) await after.reader.delete(id);
      after.reader.dispose();
    });
    el.image = await photo(1200, 900);
    await el.updateComplete;
    stroke(el, 450, 100, 1100);
    type($<HTMLTextAreaElement>(el, '#prompt'), 'remove the red square');
    const generating = el.generate();
    await expect.poll(() => el.shadowRoot!.querySelector('[part~="progress"]'), { timeout: 30_000 }).not.toBeNull();
    const own = el.client;
    expect(own).toBeInstanceOf(InpaintClient);
    el.remove();
    await generating;
    // Its own client was disposed; nothing (the history refresh after the task) may start another one.
    expect(el.client).toBeUndefined();
    const after = await ids();
    after.reader.dispose();
    expect(after.ids.filter((id) => !before.ids.includes(id))).toHaveLength(1);
  });

  it('opens a dropped image', async () => {
    const el = await mount();
    const dt = new DataTransfer();
    dt.items.add(await photo(40, 30));
    $(el, '[part~="base"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect([el.maskCanvas.imageWidth, el.maskCanvas.imageHeight]).toEqual([40, 30]);
  });

  it('warms the client up in idle time once an image is open (the session the first Generate needs), and not with no-warmup', async () => {
    const { a, b, warm, cold, warmed, warmups } = await warmAndColdEditors();
    a.openImage(await photo(40, 30));
    b.openImage(await photo(40, 30));
    await vi.waitFor(async () => expect((await warm.diagnostics()).sessions.map((x) => x.key)).toEqual(['builtin-fill/DEFAULT@wasm']), { timeout: 60_000, interval: 200 });
    // At the opened image's size: the rehearsal grows ORT's heap and compiles the pixel code at that size.
    expect(warmed).toHaveBeenCalledWith({ rendering_speed: 'DEFAULT', width: 40, height: 30 });
    // The no-warmup editor's client was never asked and holds no session.
    expect(warmups).not.toHaveBeenCalled();
    expect((await cold.diagnostics()).sessions).toEqual([]);
  });

  it('starts the runtime when the person reaches for an image (the file picker), before one is open, and not with no-warmup', async () => {
    const { a, b, warm, cold, warmed, warmups } = await warmAndColdEditors();
    // Headless Chromium opens no dialog for a scripted click; the click itself is the sign.
    for (const el of [a, b]) for (let i = 0; i < 2; i++) $<HTMLInputElement>(el, 'input[type="file"]').click();
    await vi.waitFor(async () => expect((await warm.diagnostics()).sessions.map((x) => x.key)).toEqual(['builtin-fill/DEFAULT@wasm']), { timeout: 60_000, interval: 200 });
    // Once, with no size yet (the rehearsal at the image's size waits for the image).
    expect(warmed.mock.calls).toEqual([[{ rendering_speed: 'DEFAULT' }]]);
    expect(a.image).toBeUndefined();
    expect(warmups).not.toHaveBeenCalled();
    expect((await cold.diagnostics()).sessions).toEqual([]);
  });

  it('paints, generates on WASM, reports progress, then shows, compares and continues from the result', async () => {
    const el = await mount();
    const seen: string[] = [];
    for (const name of ['inpaint-progress', 'inpaint-complete', 'inpaint-error', 'inpaint-mask-change'] as const) {
      const on = () => seen.push(name);
      document.addEventListener(name, on);
      onTestFinished(() => document.removeEventListener(name, on));
    }
    const file = await photo(96, 64);
    chooseFile($<HTMLInputElement>(el, '.toolbar input[type=file]'), file);
    await el.updateComplete;
    expect([el.maskCanvas.imageWidth, el.maskCanvas.imageHeight]).toEqual([96, 64]);
    stroke(el, 32, 30, 60);
    await el.updateComplete;
    expect(seen).toEqual(['inpaint-mask-change']);
    type($<HTMLTextAreaElement>(el, '#prompt'), 'remove the red square');
    const complete = new Promise<InpaintCompleteEvent>((resolve, reject) => {
      el.addEventListener('inpaint-complete', resolve, { once: true });
      el.addEventListener('inpaint-error', (e) => reject(new Error(`${e.detail.code}: ${e.detail.message}`)), { once: true });
    });
    $<HTMLButtonElement>(el, '[part~="generate"]').click();
    const done = await complete;
    expect(seen.indexOf('inpaint-progress')).toBeGreaterThan(0);
    expect(seen.indexOf('inpaint-progress')).toBeLessThan(seen.indexOf('inpaint-complete'));
    expect(done.detail.response.data.status).toBe('COMPLETED');
    expect(done.detail.response.data.backend).toBe('wasm');
    const bitmap = await createImageBitmap(done.detail.blob);
    expect([bitmap.width, bitmap.height]).toEqual([96, 64]);
    expect(done.detail.blobs).toHaveLength(1);
    await el.updateComplete;
    expect($<HTMLImageElement>(el, '[part~="after"]').getAttribute('src')).toMatch(/^blob:/);
    expect($<HTMLImageElement>(el, '[part~="before"]').getAttribute('src')).toMatch(/^blob:/);
    // The comparison slider moves the before/after split.
    expect($(el, '[part~="compare"]').style.getPropertyValue('--pos')).toBe('50%');
    const range = $<HTMLInputElement>(el, '.compare-range');
    range.value = '30';
    range.dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    expect($(el, '[part~="compare"]').style.getPropertyValue('--pos')).toBe('30%');
    const seed = done.detail.response.data.images[0].seed;
    expect($(el, '[part~="seed-used"]').textContent).toContain(`Seed ${seed} · 96×64`);
    expect($(el, '[part~="status"]').textContent).toMatch(/Done: 1 image on WASM/);
    // The built-in fill has no licence note to show.
    expect(done.detail.response.data.model).toBe('builtin-fill');
    expect($(el, '[part~="model-used"]').textContent).toMatch(/Made with\s+builtin-fill\s+on WASM/);
    expect(el.shadowRoot!.querySelector('[part~="licence"]')).toBeNull();
    expect($(el, '[part~="status"]').textContent).not.toContain('Licence');
    expect(el.shadowRoot!.querySelector('[part~="progress"]')).toBeNull();
    // Screenshots for a reviewer, at a desktop and a phone width (the editor follows its container).
    el.style.width = '100%';
    for (const [name, w, h] of [['desktop', 1280, 900], ['phone', 390, 844]] as const) {
      await page.viewport(w, h);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      el.maskCanvas.fit();
      await page.screenshot({ path: `../../../test-results/editor-${name}.png`, element: el });
    }
    $<HTMLButtonElement>(el, '[part~="continue"]').click();
    await el.updateComplete;
    expect(el.image).toBe(done.detail.blob);
    expect(el.maskCanvas.hasMask).toBe(false);
    const back = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Back to previous image')!;
    back.click();
    await el.updateComplete;
    expect(el.image).toBe(file);
  });

  it('submits one task for a double click, a second Enter and a Ctrl+Enter while the first is being submitted', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    clients.push(client);
    const bodies = recordSubmits(client);
    const el = await mount((e) => (e.client = client));
    chooseFile($<HTMLInputElement>(el, '.toolbar input[type=file]'), await photo(64, 48));
    await el.updateComplete;
    stroke(el, 24, 20, 40);
    const prompt = $<HTMLTextAreaElement>(el, '#prompt');
    type(prompt, 'remove the red square');
    await el.updateComplete;
    const done = completion(el);
    const generate = $<HTMLButtonElement>(el, '[part~="generate"]');
    // All in the same turn, before the mask export of the first one has finished.
    generate.click();
    generate.click();
    $<HTMLFormElement>(el, 'form[part~="form"]').requestSubmit();
    prompt.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    const calls = [el.generate(), el.generate()];
    await done;
    await Promise.all(calls);
    expect(bodies).toHaveLength(1);
    expect((await client.list()).data).toHaveLength(1);
    // Once the task has ended, Generate works again.
    const again = completion(el);
    generate.click();
    await again;
    expect(bodies).toHaveLength(2);
  });

  it('shows the SD-Turbo licence next to Generate before anything runs when model="sd-turbo", and none for automatic routing', async () => {
    const auto = await mount();
    expect(auto.shadowRoot!.querySelector('[part~="licence"]')).toBeNull();
    expect($(auto, '[part~="generate"]').hasAttribute('aria-describedby')).toBe(false);
    auto.remove();

    const el = await mount((e) => e.setAttribute('model', 'sd-turbo'));
    const note = $(el, '[part~="form-licence"]');
    expect(note.getAttribute('part')).toBe('licence form-licence');
    expect(note.getAttribute('role')).toBe('note');
    expect(note.textContent).toBe(`Licence: ${TURBO_LICENCE}`);
    expect(note.textContent).toContain('not for commercial use');
    // Focusing Generate reads the note (and the download notice, for a model not cached yet): they describe the button.
    expect($(el, '[part~="generate"]').getAttribute('aria-describedby')?.split(' ')).toContain(note.id);
    await expect.poll(() => styleVisibility(note)).toBe('shown');
    expect(note.getBoundingClientRect().height).toBeGreaterThan(0);
    // It sits with the Generate controls, in the form, before any result.
    expect(note.closest('[part~="form"]')).toBe($(el, '[part~="form"]'));
    expect(el.shadowRoot!.querySelector('[part~="results"]')).toBeNull();

    el.model = 'builtin-fill';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="licence"]')).toBeNull();
  });

  it('runs SD-Turbo (on its generated twins, through the real client) and shows the licence with the result and in the status', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: await sdTwinOverrides(`editor-${crypto.randomUUID()}`) });
    clients.push(client);
    const el = await mount((e) => {
      e.client = client;
      e.setAttribute('model', 'sd-turbo');
      e.setAttribute('rendering-speed', 'TURBO');
    });
    el.image = await photo(96, 64);
    await el.updateComplete;
    stroke(el, 32, 30, 60);
    type($<HTMLTextAreaElement>(el, '#prompt'), 'a red car');
    const complete = new Promise<InpaintCompleteEvent>((resolve, reject) => {
      el.addEventListener('inpaint-complete', resolve, { once: true });
      el.addEventListener('inpaint-error', (e) => reject(new Error(`${e.detail.code}: ${e.detail.message}`)), { once: true });
    });
    await el.generate();
    const done = await complete;
    expect(done.detail.response.data.model).toBe('sd-turbo');
    await el.updateComplete;
    const note = $(el, '[part~="result-licence"]');
    expect(note.getAttribute('part')).toBe('licence result-licence');
    expect(note.getAttribute('role')).toBe('note');
    expect(note.textContent).toBe(`Licence: ${TURBO_LICENCE}`);
    expect(note.closest('[part~="results"]')).toBe($(el, '[part~="results"]'));
    await expect.poll(() => styleVisibility(note)).toBe('shown');
    expect($(el, '[part~="model-used"]').textContent).toMatch(/Made with\s+sd-turbo\s+on WASM/);
    // The polite live region announces it too.
    expect($(el, '[part~="status"]').textContent).toContain(`with sd-turbo, seed ${done.detail.response.data.images[0].seed}. Licence: ${TURBO_LICENCE}`);
    // For a reviewer: the note under Generate and under the result.
    el.style.width = '100%';
    await page.viewport(1280, 1100);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    el.maskCanvas.fit();
    await page.screenshot({ path: '../../../test-results/editor-sd-turbo-licence-form.png', element: $(el, '[part~="form"]') });
    $(el, '[part~="results"]').scrollIntoView();
    await page.screenshot({ path: '../../../test-results/editor-sd-turbo-licence-result.png', element: $(el, '[part~="results"]') });
  });
});

describe('location and downloads', () => {
  const checkbox = (el: InpaintEditor) => $<HTMLInputElement>(el, '#remove-location');

  it('"Remove location" is ticked for a photo with GPS and sends strip-location (the result has no GPS, keeps the camera); unticked for one without', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    clients.push(client);
    const bodies = recordSubmits(client);
    const el = await mount((e) => {
      e.client = client;
      e.setAttribute('rendering-speed', 'TURBO');
    });
    el.image = await adobeRgbCameraJpeg({ width: 64, height: 96 });
    await el.updateComplete;
    await expect.poll(() => checkbox(el).checked, { timeout: 10_000 }).toBe(true);
    expect($(el, '#remove-location-hint').textContent).toContain('records where it was taken');
    expect($(el, '[part~="remove-location"]').textContent).toContain('Remove location');
    stroke(el, 32, 30, 60);
    type($<HTMLTextAreaElement>(el, '#prompt'), 'remove the stripe');
    const complete = completion(el);
    await el.generate();
    const done = await complete;
    expect(bodies[0].metadata).toBe('strip-location');
    const meta = await readImageMetadata(new Uint8Array(await done.detail.blob.arrayBuffer()));
    const tags = await exifr.parse(meta.exif!, { translateValues: false, gps: true });
    expect(tags.Make).toBe(CAMERA.make);
    expect(tags.latitude).toBeUndefined();

    // Unticked by the person: the request keeps everything (the default; request-body.test.ts checks the body).
    checkbox(el).checked = false;
    checkbox(el).dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(checkbox(el).checked).toBe(false);

    el.image = await photo(40, 30);
    await el.updateComplete;
    await expect.poll(() => $(el, '#remove-location-hint').textContent, { timeout: 10_000 }).toContain('has no location');
    expect(checkbox(el).checked).toBe(false);
  });

  it('downloads in another format keep the profile and EXIF (orientation 1), and JPEG puts transparency on white', async () => {
    const camera = await adobeRgbCameraJpeg({ width: 16, height: 24 });
    const source = await readImageMetadata(new Uint8Array(await camera.arrayBuffer()));
    for (const format of ['png', 'webp'] as const) {
      const converted = await convertImage(camera, format);
      expect(converted.type).toBe(`image/${format}`);
      const meta = await readImageMetadata(new Uint8Array(await converted.arrayBuffer()));
      expect(meta.icc).toEqual(source.icc);
      expect((await exifr.parse(meta.exif!, { translateValues: false })).Orientation).toBe(1);
      expect([(await shownPixels(converted)).width, (await shownPixels(converted)).height]).toEqual([24, 16]);
    }
    // Corners away from the disc (JPEG's 16×16 chroma blocks bleed red into a nearer corner).
    const shown = await shownPixels(await convertImage(await redDiscPng(64, 20), 'jpeg'));
    expect(Array.from(shown.data.subarray(0, 3)).every((v) => v >= 250)).toBe(true);
    expect(shown.data[(32 * 64 + 32) * 4]).toBeGreaterThan(240);
  });
});

describe('model picker', () => {
  /** The cache query waits for the worker to start (seconds when cold) and for the task queue. */
  const POLL = { timeout: 30_000 };
  const ALL_UNCACHED = [
    ['', 'Automatic'],
    ['builtin-fill', 'Built-in fill (built in)'],
    ['migan', 'MI-GAN (downloads 28.1 MB)'],
    ['lama', 'LaMa (downloads 208 MB)'],
    ['sd-turbo', 'SD-Turbo (downloads ≈ 2.6 GB)'],
    ['sd15-inpainting', 'SD-1.5 inpainting (downloads ≈ 2.1 GB)'],
  ];

  it('offers Automatic, then every registered model with its size, grouped by whether it follows the prompt', async () => {
    // Fresh twin URLs and the public URLs for MI-GAN and LaMa: nothing is cached for this client.
    const client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: await sdTwinOverrides(`picker-${crypto.randomUUID()}`) });
    clients.push(client);
    const el = await mount((e) => (e.client = client));
    await openOptions(el);
    const select = $<HTMLSelectElement>(el, '#model');
    expect(select.getAttribute('part')).toBe('model');
    expect(select.labels?.[0]?.textContent).toContain('Model');
    expect(select.value).toBe('');
    await expect.poll(() => modelOptions(el), POLL).toEqual(ALL_UNCACHED);
    // Under the select: what the weights take, the site's usage and quota, and whether the browser keeps them.
    const kept = (await navigator.storage.persisted()) ? 'kept until you clear it' : 'the browser may clear it when space runs low';
    await expect.poll(() => el.shadowRoot!.querySelector('[part~="storage"]')?.textContent, POLL).toMatch(
      new RegExp(`^Model cache: [\\d.]+ (B|kB|MB|GB) · this site: [\\d.]+ (B|kB|MB|GB) of [\\d.]+ (kB|MB|GB|TB) · ${kept}$`),
    );
    expect([...select.querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)])).toEqual([
      ['Fill from the surroundings (ignore the prompt)', ['builtin-fill', 'migan', 'lama']],
      ['Prompt-guided', ['sd-turbo', 'sd15-inpainting']],
    ]);
    // It comes first in the options, and says what Automatic does.
    expect($(el, 'details.options > label.field select')).toBe(select);
    expect($(el, '#model-hint').textContent).toContain('Never downloads');
    expect(select.getAttribute('aria-describedby')).toContain('model-hint');
    // Automatic and the built-in fill download nothing: no notice, no licence.
    for (const id of ['', 'builtin-fill']) {
      choose(select, id);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="model-download"]'), id).toBeNull();
      expect(el.shadowRoot!.querySelector('[part~="licence"]'), id).toBeNull();
    }
    choose(select, 'lama');
    await el.updateComplete;
    expect($(el, '[part~="model-download"]').textContent).toBe('First use downloads 208 MB; it is then cached for offline use.');
    expect($(el, '#model-hint').textContent).toContain('LaMa');
    expect(el.shadowRoot!.querySelector('[part~="licence"]')).toBeNull();
  });

  it('never waits for the cache query, and leaves the cached marker out when it fails', async () => {
    const slow = new InpaintClient({ backend: 'wasm', persist: false });
    const failing = new InpaintClient({ backend: 'wasm', persist: false });
    clients.push(slow, failing);
    vi.spyOn(slow, 'cachedModelIds').mockReturnValue(new Promise(() => {}));
    vi.spyOn(failing, 'cachedModelIds').mockRejectedValue(new Error('IndexedDB is unavailable'));
    // The device check neither: not known yet, or failed, every model stays selectable.
    vi.spyOn(slow, 'deviceSupport').mockReturnValue(new Promise(() => {}));
    vi.spyOn(failing, 'deviceSupport').mockRejectedValue(new Error('the worker could not start'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    for (const client of [slow, failing]) {
      const el = await mount((e) => (e.client = client));
      await openOptions(el);
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(modelOptions(el).map(([, text]) => text)).toEqual([
        'Automatic',
        'Built-in fill (built in)',
        'MI-GAN (28.1 MB)',
        'LaMa (208 MB)',
        'SD-Turbo (≈ 2.6 GB)',
        'SD-1.5 inpainting (≈ 2.1 GB)',
      ]);
      // Not knowing, the editor warns of the download rather than risk a surprise.
      choose($<HTMLSelectElement>(el, '#model'), 'sd15-inpainting');
      await el.updateComplete;
      expect($(el, '[part~="model-download"]').textContent).toBe('First use downloads ≈ 2.1 GB (6 files); it is then cached for offline use.');
      el.remove();
    }
    expect(warn).toHaveBeenCalledWith('[local-inpaint] could not read the weight cache', expect.any(Error));
  });

  it('picking SD-Turbo shows its licence and download size, sends model "sd-turbo", then marks it cached; Automatic sends no model', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false, modelFiles: await sdTwinOverrides(`picker-${crypto.randomUUID()}`) });
    clients.push(client);
    const bodies = recordSubmits(client);
    const el = await mount((e) => {
      e.client = client;
      e.setAttribute('rendering-speed', 'TURBO');
    });
    el.image = await photo(96, 64);
    await el.updateComplete;
    stroke(el, 32, 30, 60);
    type($<HTMLTextAreaElement>(el, '#prompt'), 'a red car');
    await openOptions(el);
    await expect.poll(() => modelOptions(el), POLL).toEqual(ALL_UNCACHED);

    choose($<HTMLSelectElement>(el, '#model'), 'sd-turbo');
    await el.updateComplete;
    const licence = $(el, '[part~="form-licence"]');
    expect(licence.textContent).toBe(`Licence: ${TURBO_LICENCE}`);
    const notice = $(el, '[part~="model-download"]');
    expect(notice.textContent).toBe('First use downloads ≈ 2.6 GB (6 files); it is then cached for offline use.');
    expect(notice.getAttribute('role')).toBe('note');
    await expect.poll(() => styleVisibility(notice)).toBe('shown');
    // Focusing Generate reads both.
    expect($(el, '[part~="generate"]').getAttribute('aria-describedby')).toBe(`${licence.id} ${notice.id}`);
    expect($(el, '#model-hint').textContent).toContain('SD-Turbo');

    // The picker's rendering (a laid-out, visible notice) and its screenshots are checked on the
    // real page in test/e2e/editor.e2e.test.ts: three CI runs found this iframe's form with no
    // layout box at this point, which no local run, loaded or clean-clone, reproduced.

    const texts: string[] = [];
    el.addEventListener('inpaint-progress', () => void el.updateComplete.then(() => texts.push(el.shadowRoot!.querySelector('.progress-text')?.textContent ?? '')));
    let complete = completion(el);
    await el.generate();
    let done = await complete;
    expect(bodies[0].model).toBe('sd-turbo');
    expect(done.detail.response.data.model).toBe('sd-turbo');
    // Six files: the progress line names each and adds up the bytes over all of them.
    expect(texts.some((t) => /Downloading [\w./-]+\.onnx: .+ of .+ \(\d+%\); .+ of .+ in all/.test(t)), texts.join('\n')).toBe(true);

    // The twins are now in the cache: the option says so and the notice is gone; the licence stays.
    await expect.poll(() => modelOptions(el).find(([v]) => v === 'sd-turbo')?.[1], POLL).toBe('SD-Turbo (≈ 2.6 GB, cached)');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="model-download"]')).toBeNull();
    expect($(el, '[part~="form-licence"]').textContent).toBe(`Licence: ${TURBO_LICENCE}`);
    expect(modelOptions(el).find(([v]) => v === 'migan')?.[1]).toBe('MI-GAN (downloads 28.1 MB)');

    choose($<HTMLSelectElement>(el, '#model'), '');
    await el.updateComplete;
    type($<HTMLTextAreaElement>(el, '#prompt'), 'remove the red square');
    complete = completion(el);
    await el.generate();
    done = await complete;
    expect(bodies).toHaveLength(2);
    expect('model' in bodies[1]).toBe(false);
    // Routing: a removal prompt goes to the fill models, and no fill model is cached for this client.
    expect(done.detail.response.data.model).toBe('builtin-fill');
  });

  it('shows an id the model attribute sets that is not registered, and refuses to submit it', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    clients.push(client);
    const el = await mount((e) => {
      e.client = client;
      e.setAttribute('model', 'lama-xl');
    });
    await openOptions(el);
    const select = $<HTMLSelectElement>(el, '#model');
    expect(select.value).toBe('lama-xl');
    expect(select.selectedOptions[0].disabled).toBe(true);
    expect(select.selectedOptions[0].textContent).toBe('lama-xl (not a registered model)');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect($(el, '#model-error').textContent).toContain('model is "lama-xl"; expected one of builtin-fill, migan, lama, sd-turbo, sd15-inpainting');
    el.image = await photo(64, 64);
    await el.updateComplete;
    stroke(el, 30, 10, 50);
    type($<HTMLTextAreaElement>(el, '#prompt'), 'a window');
    const errors: InpaintErrorEvent[] = [];
    el.addEventListener('inpaint-error', (e) => errors.push(e));
    await el.generate();
    expect(errors.map((e) => [e.detail.code, e.detail.invalid_params?.map((p) => p.name)])).toEqual([['invalid_request', ['model']]]);
    expect((await client.list()).data).toEqual([]);
    // Choosing a registered model clears the error.
    choose(select, 'migan');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#model-error')).toBeNull();
    expect([...select.options].some((o) => o.value === 'lama-xl')).toBe(false);
  });
});

describe('results view', () => {
  const props = (model: string | undefined): ResultsViewProps => ({
    results: [{ blob: new Blob(), url: 'data:,', width: 8, height: 8, seed: 3 }],
    selected: 0,
    compare: 50,
    format: 'png',
    model,
    backend: 'webgpu',
    history: [],
    onSelect: () => {},
    onCompare: () => {},
    onFormat: () => {},
    onDownload: () => {},
    onContinue: () => {},
    onLockSeed: () => {},
    onOpenTask: () => {},
  });
  const shown = (model: string | undefined) => {
    const host = document.createElement('div');
    render(renderResults(props(model)), host);
    return host;
  };

  it("knows the licence note of every registered model that has one (its table is kept off the registry's import graph)", () => {
    for (const m of Object.values(MODELS)) expect(licenceNote(m.id), m.id).toBe(isDiffusionManifest(m) ? m.diffusion.licenceNote : undefined);
    expect(licenceNote('sd-turbo')).toContain('not for commercial use');
  });

  it('shows the licence note of every diffusion model, and none for the others or an unknown id', () => {
    expect(shown('sd-turbo').querySelector('[part~="licence"]')?.textContent).toBe(`Licence: ${TURBO_LICENCE}`);
    expect(shown('sd15-inpainting').querySelector('[part~="licence"]')?.textContent).toContain('CreativeML Open RAIL-M');
    for (const model of ['builtin-fill', 'migan', 'lama', 'no-such-model', undefined]) {
      expect(shown(model).querySelector('[part~="licence"]'), String(model)).toBeNull();
    }
    expect(shown('sd-turbo').querySelector('[part~="model-used"]')?.textContent).toMatch(/Made with\s+sd-turbo\s+on WebGPU/);
  });
});

describe('Expand mode', () => {
  it('swaps the mask canvas for the expand panel, refuses nothing-added, then expands through client.expand; the mask survives a switch back', async () => {
    const el = await mount();
    el.openImage(await photo(120, 80));
    await el.updateComplete;
    el.maskCanvas.invert(); // a mask painted before switching modes
    expect(el.maskCanvas.hasMask).toBe(true);
    const radios = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="mode"] [role="radio"]')];
    expect(radios.map((r) => [r.textContent, r.getAttribute('aria-checked')])).toEqual([['Inpaint', 'true'], ['Expand', 'false']]);
    radios[1].click();
    await el.updateComplete;
    expect($(el, 'inpaint-mask-canvas').hidden).toBe(true);
    const panel = $<HTMLElement & { sides: unknown; imageWidth: number }>(el, 'inpaint-expand-panel');
    await expect.poll(() => panel.imageWidth).toBe(120);
    expect($(el, 'label[for="prompt"]').textContent).toContain('Prompt (optional)');

    await el.generate();
    expect($(el, '[part~="status"]').textContent).toMatch(/^Drag a handle, type pixels for a side or pick an aspect ratio first/);

    const completed: InpaintCompleteEvent[] = [];
    el.addEventListener('inpaint-complete', (e) => completed.push(e));
    // A person's change in the panel reaches the editor through the bubbling event.
    panel.dispatchEvent(new CustomEvent('inpaint-expand-change', { bubbles: true, composed: true, detail: { sides: { left: 0, right: 40, top: 10, bottom: 0 }, source: 'input' } }));
    await el.updateComplete;
    await el.generate();
    expect(completed).toHaveLength(1);
    const { response, blob } = completed[0].detail;
    expect(response.data.images[0].resolution).toBe('160x90');
    const bitmap = await createImageBitmap(blob);
    expect([bitmap.width, bitmap.height]).toEqual([160, 90]);

    radios[0].click();
    await el.updateComplete;
    expect($(el, 'inpaint-mask-canvas').hidden).toBe(false);
    expect(el.shadowRoot!.querySelector('inpaint-expand-panel')).toBeNull();
    // The expand result was not opened as the new image, so the mask painted before is still there.
    expect(el.maskCanvas.hasMask).toBe(true);
  });
});
