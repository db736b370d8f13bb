import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { page } from 'vitest/browser';
import './editor';
import type { InpaintEditor } from './editor';
import { InpaintClient } from '../../client/inpaint-client';
import type { InpaintCompleteEvent } from '../../events/inpaint-complete';
import type { InpaintErrorEvent } from '../../events/inpaint-error';
import { makeGradient } from '../../../test/fixtures/images';
import { MODELS } from '../../../models/registry';
import { SD_TURBO_MANIFEST, isDiffusionManifest } from '../../../models/sd/manifest';
import { sdTwinOverrides } from '../../../workers/pipelines/diffusion/test-utils';
import { licenceNote } from './licence-note';
import { renderResults, type ResultsViewProps } from './results-view';
import { render } from 'lit';

const TURBO_LICENCE = SD_TURBO_MANIFEST.diffusion.licenceNote;

/** A gradient with a red square (the thing the prompt asks to remove), as a picked file. */
async function photo(width: number, height: number): Promise<File> {
  const c = makeGradient(width, height, '#204060', '#f0c080');
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#c03030';
  ctx.fillRect(width / 3, height / 3, width / 6, height / 6);
  return new File([await c.convertToBlob({ type: 'image/png' })], 'photo.png', { type: 'image/png' });
}

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

function type(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Paints a horizontal stroke across the inner canvas, at image coordinates. */
function stroke(el: InpaintEditor, y: number, x0: number, x1: number): void {
  const canvas = el.maskCanvas;
  const viewport = canvas.shadowRoot!.querySelector<HTMLElement>('[part~="viewport"]')!;
  const box = canvas.shadowRoot!.querySelector<HTMLElement>('[part~="stage"]')!.getBoundingClientRect();
  const at = (x: number) => ({ clientX: box.left + (x * box.width) / canvas.imageWidth, clientY: box.top + (y * box.height) / canvas.imageHeight });
  const send = (t: string, x: number) =>
    viewport.dispatchEvent(new PointerEvent(t, { bubbles: true, composed: true, cancelable: true, pointerId: 7, pointerType: 'mouse', button: t === 'pointermove' ? -1 : 0, buttons: 1, ...at(x) }));
  send('pointerdown', x0);
  send('pointermove', (x0 + x1) / 2);
  send('pointermove', x1);
  send('pointerup', x1);
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

  it('opens a dropped image', async () => {
    const el = await mount();
    const dt = new DataTransfer();
    dt.items.add(await photo(40, 30));
    $(el, '[part~="base"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect([el.maskCanvas.imageWidth, el.maskCanvas.imageHeight]).toEqual([40, 30]);
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
    // Focusing Generate reads the note: it describes the button.
    expect($(el, '[part~="generate"]').getAttribute('aria-describedby')).toBe(note.id);
    expect(note.checkVisibility()).toBe(true);
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
    expect(note.checkVisibility()).toBe(true);
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
