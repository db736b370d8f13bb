import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import './mask-canvas';
import { InpaintMaskCanvas } from './mask-canvas';
import { defineElement } from '../internal/inpaint-element';
import type { InpaintMaskChangeEvent } from '../../events/inpaint-mask-change';
import { makeGradient, pixelsOf } from '../../../test/fixtures/images';

const W = 200;
const H = 100;

const photo = (width = W, height = H): Promise<Blob> => makeGradient(width, height).convertToBlob({ type: 'image/png' });

/**
 * A 400×200 element: the default 200×100 image fits at exactly 2× with no
 * offset. `props` (tool, brush size, another image) are set before the first render.
 */
async function mount(props: Partial<Pick<InpaintMaskCanvas, 'image' | 'tool' | 'brushSize'>> = {}): Promise<InpaintMaskCanvas> {
  const el = document.createElement('inpaint-mask-canvas');
  el.style.cssText = 'width: 400px; height: 200px; display: block';
  Object.assign(el, props);
  document.body.append(el);
  el.image ??= await photo();
  await el.updateComplete;
  return el;
}

afterEach(() => document.body.replaceChildren());

function part(el: InpaintMaskCanvas, name: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

/** Client coordinates of an image pixel position, from the stage's real on-screen box. */
function client(el: InpaintMaskCanvas, x: number, y: number): { clientX: number; clientY: number } {
  const box = part(el, 'stage').getBoundingClientRect();
  return { clientX: box.left + (x * box.width) / el.imageWidth, clientY: box.top + (y * box.height) / el.imageHeight };
}

function pointer(el: InpaintMaskCanvas, type: string, x: number, y: number, init: PointerEventInit = {}): void {
  part(el, 'viewport').dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      composed: true,
      cancelable: true,
      pointerId: 1,
      pointerType: 'mouse',
      button: type === 'pointermove' ? -1 : 0,
      buttons: type === 'pointerup' ? 0 : 1,
      isPrimary: true,
      ...client(el, x, y),
      ...init,
    }),
  );
}

/** Drags through image points, with intermediate moves as a real pointer would send. */
function drag(el: InpaintMaskCanvas, points: [number, number][], init: PointerEventInit = {}): void {
  pointer(el, 'pointerdown', ...points[0], init);
  for (const p of points.slice(1)) pointer(el, 'pointermove', ...p, init);
  pointer(el, 'pointerup', ...points[points.length - 1], init);
}

interface Decoded {
  width: number;
  height: number;
  /** One value per pixel (the red channel; the PNG is grey). */
  v: Uint8Array;
  rgba: Uint8ClampedArray;
}

async function decode(blob: Blob): Promise<Decoded> {
  const { width, height, data: rgba } = await pixelsOf(blob);
  const v = new Uint8Array(width * height);
  for (let i = 0; i < v.length; i++) v[i] = rgba[i * 4];
  return { width, height, v, rgba };
}

const at = (d: Decoded, x: number, y: number) => d.v[y * d.width + x];
const blackCount = (d: Decoded) => d.v.reduce((n, p) => n + (p === 0 ? 1 : 0), 0);

describe('<inpaint-mask-canvas>', () => {
  it('renders its parts with an accessible, focusable painting surface', async () => {
    const el = await mount();
    for (const name of ['base', 'viewport', 'stage', 'image', 'mask', 'selection', 'cursor']) expect(part(el, name)).toBeTruthy();
    const viewport = part(el, 'viewport');
    expect(viewport.getAttribute('role')).toBe('application');
    expect(viewport.getAttribute('aria-label')).toBe('Mask painting area');
    expect(viewport.tabIndex).toBe(0);
    const help = el.shadowRoot!.getElementById(viewport.getAttribute('aria-describedby')!);
    expect(help?.textContent).toContain('Control+Z undo');
    expect(el.shadowRoot!.querySelector('[aria-live="polite"]')).not.toBeNull();
    el.focus();
    expect(el.shadowRoot!.activeElement).toBe(viewport);
    expect(el.getAttribute('tool')).toBe('brush');
    expect([el.imageWidth, el.imageHeight, el.zoom]).toEqual([W, H, 2]);
    expect((part(el, 'image') as HTMLCanvasElement).width).toBe(W);
    expect(el.hasMask).toBe(false);
  });

  it('closes the bitmap of a decode that finishes after a newer image was set', async () => {
    const el = await mount();
    const made: Promise<ImageBitmap>[] = [];
    const original = window.createImageBitmap;
    window.createImageBitmap = ((...args: Parameters<typeof createImageBitmap>) => {
      const p = original.apply(window, args);
      made.push(p);
      return p;
    }) as typeof createImageBitmap;
    onTestFinished(() => void (window.createImageBitmap = original));
    const big = await photo(3000, 2000);
    const small = await photo(120, 60);
    el.image = big;
    await new Promise((r) => setTimeout(r, 0)); // the big decode has started
    el.image = small;
    await el.updateComplete;
    const bitmaps = await Promise.all(made);
    await new Promise((r) => setTimeout(r, 0)); // the superseded load has seen its bitmap
    expect(made).toHaveLength(2);
    expect(bitmaps.map((b) => [b.width, b.height])).toEqual([[0, 0], [0, 0]]); // closed bitmaps report 0×0
    expect([el.imageWidth, el.imageHeight]).toEqual([120, 60]);
  });

  it('registers once: importing the module twice does not throw', async () => {
    const registered = customElements.get('inpaint-mask-canvas');
    expect(registered).toBeDefined();
    await import('./mask-canvas');
    // A second copy of the library runs the same registration; a module cache alone would hide a throw here.
    expect(() => defineElement('inpaint-mask-canvas', class extends InpaintMaskCanvas {})).not.toThrow();
    expect(customElements.get('inpaint-mask-canvas')).toBe(registered);
  });

  it('a brush stroke exports black exactly along the stroke, white elsewhere, at image size', async () => {
    const el = await mount({ brushSize: 10 });
    drag(el, [
      [20, 50],
      [60, 50],
      [120, 50],
    ]);
    const mask = await el.exportMask();
    expect(mask.type).toBe('image/png');
    const d = await decode(mask);
    expect([d.width, d.height]).toEqual([W, H]);
    // Only pure black and pure white, fully opaque.
    expect(d.v.every((p) => p === 0 || p === 255)).toBe(true);
    for (let i = 3; i < d.rgba.length; i += 4) if (d.rgba[i] !== 255) throw new Error('transparent pixel');
    for (let x = 20; x <= 120; x += 5) for (const y of [47, 50, 53]) expect(at(d, x, y), `(${x},${y})`).toBe(0);
    for (let x = 0; x < W; x += 7) for (const y of [0, 40, 60, 99]) expect(at(d, x, y), `(${x},${y})`).toBe(255);
    for (const x of [10, 130, 199]) expect(at(d, x, 50)).toBe(255);
    // A 100-pixel capsule of diameter 10: 100 × 10 + π × 5² ≈ 1079 pixels.
    expect(blackCount(d)).toBeGreaterThan(1000);
    expect(blackCount(d)).toBeLessThan(1160);
    expect(el.hasMask).toBe(true);
  });

  it('fires inpaint-mask-change for user strokes, not for method calls', async () => {
    const el = await mount();
    const events: InpaintMaskChangeEvent[] = [];
    const onChange = (e: InpaintMaskChangeEvent) => events.push(e);
    document.addEventListener('inpaint-mask-change', onChange);
    onTestFinished(() => document.removeEventListener('inpaint-mask-change', onChange));
    drag(el, [
      [50, 50],
      [80, 50],
    ]);
    await el.updateComplete;
    expect(events).toHaveLength(1);
    expect(events[0].detail).toEqual({ action: 'brush', hasMask: true });
    expect(events[0].bubbles && events[0].composed).toBe(true);
    expect(events[0].target).toBe(el);
    el.invert();
    el.clear();
    el.undo();
    await el.updateComplete;
    expect(events).toHaveLength(1);
    // Now everything but the stroke is masked: erasing inside the stroke changes nothing, so no event.
    expect(el.hasMask).toBe(true);
    el.tool = 'eraser';
    await el.updateComplete;
    drag(el, [[65, 50]]);
    await el.updateComplete;
    expect(events).toHaveLength(1);
  });

  it('the eraser removes what the brush painted', async () => {
    const el = await mount({ tool: 'rect' });
    drag(el, [
      [0, 0],
      [200, 100],
    ]);
    el.tool = 'eraser';
    el.brushSize = 20;
    await el.updateComplete;
    drag(el, [
      [100, 10],
      [100, 90],
    ]);
    const d = await decode(await el.exportMask());
    for (let y = 10; y <= 90; y += 10) for (const x of [93, 100, 107]) expect(at(d, x, y), `(${x},${y})`).toBe(255);
    for (const x of [5, 80, 120, 195]) expect(at(d, x, 50)).toBe(0);
  });

  it('a rectangle selection fills exactly its pixels', async () => {
    const el = await mount({ tool: 'rect' });
    drag(el, [
      [80, 60],
      [55, 40],
      [30, 20],
    ]);
    const d = await decode(await el.exportMask());
    const wrong: string[] = [];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const want = x >= 30 && x < 80 && y >= 20 && y < 60 ? 0 : 255;
        if (at(d, x, y) !== want) wrong.push(`${x},${y}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(part(el, 'selection').querySelector('path')).toBeNull();
  });

  it('rectangle coordinates stay exact after zooming with the wheel', async () => {
    const el = await mount({ tool: 'rect' });
    part(el, 'viewport').dispatchEvent(new WheelEvent('wheel', { deltaY: -200, bubbles: true, cancelable: true, ...client(el, 37, 41) }));
    expect(el.zoom).toBeGreaterThan(2.5);
    drag(el, [
      [35, 40],
      [45, 47],
    ]);
    const d = await decode(await el.exportMask());
    expect(blackCount(d)).toBe(10 * 7);
    expect([at(d, 35, 40), at(d, 44, 46), at(d, 45, 46), at(d, 34, 40)]).toEqual([0, 0, 255, 255]);
  });

  it('the lasso fills the polygon it encloses', async () => {
    const el = await mount({ tool: 'lasso' });
    drag(el, [
      [20, 20],
      [120, 20],
      [120, 80],
      [20, 80],
    ]);
    const d = await decode(await el.exportMask());
    expect([at(d, 25, 25), at(d, 70, 50), at(d, 115, 75)]).toEqual([0, 0, 0]);
    expect([at(d, 10, 50), at(d, 130, 50), at(d, 70, 90)]).toEqual([255, 255, 255]);
    expect(Math.abs(blackCount(d) - 100 * 60)).toBeLessThan(250);
  });

  it('the ellipse fills the ellipse inscribed in the dragged box, and Alt removes one', async () => {
    const el = await mount({ tool: 'ellipse' });
    const box: [number, number][] = [[20, 10], [80, 50], [140, 90]];
    drag(el, box);
    const d = await decode(await el.exportMask());
    // Centre (80, 50), radii 60 × 40: inside near the ends of both axes, outside at the box's corners.
    expect([at(d, 80, 50), at(d, 22, 50), at(d, 137, 50), at(d, 80, 12), at(d, 80, 88)]).toEqual([0, 0, 0, 0, 0]);
    expect([at(d, 24, 14), at(d, 136, 14), at(d, 24, 86), at(d, 136, 86), at(d, 15, 50), at(d, 80, 95)]).toEqual([255, 255, 255, 255, 255, 255]);
    expect(Math.abs(blackCount(d) - Math.PI * 60 * 40)).toBeLessThan(150);

    const inner: [number, number][] = [[60, 40], [100, 60]];
    drag(el, inner, { altKey: true });
    const cut = await decode(await el.exportMask());
    expect([at(cut, 80, 50), at(cut, 30, 50)]).toEqual([255, 0]);
  });

  it('O picks the ellipse tool from the keyboard and the help lists it', async () => {
    const el = await mount();
    part(el, 'viewport').dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(el.tool).toBe('ellipse');
    expect(el.shadowRoot!.getElementById('help')?.textContent).toContain('O ellipse');
  });

  it('invert flips every pixel', async () => {
    const el = await mount({ tool: 'rect' });
    drag(el, [
      [10, 10],
      [50, 30],
    ]);
    const before = await decode(await el.exportMask());
    el.invert();
    const after = await decode(await el.exportMask());
    expect(after.v.every((p, i) => p === 255 - before.v[i])).toBe(true);
    expect(blackCount(after)).toBe(W * H - 40 * 20);
  });

  it('undo and redo of strokes restore the exact mask bytes, by method and by keyboard', async () => {
    const el = await mount();
    const bytes = async () => new Uint8Array(await (await el.exportMask()).arrayBuffer());
    const empty = await bytes();
    drag(el, [
      [20, 20],
      [100, 70],
    ]);
    const one = await bytes();
    el.brushSize = 25;
    await el.updateComplete;
    drag(el, [
      [150, 20],
      [60, 80],
    ]);
    const two = await bytes();
    expect(two).not.toEqual(one);
    expect(el.undo()).toBe(true);
    expect(await bytes()).toEqual(one);
    expect(el.undo()).toBe(true);
    expect(await bytes()).toEqual(empty);
    expect(el.undo()).toBe(false);
    expect(el.redo()).toBe(true);
    expect(await bytes()).toEqual(one);

    const actions: string[] = [];
    el.addEventListener('inpaint-mask-change', (e) => actions.push(e.detail.action));
    const viewport = part(el, 'viewport');
    const key = (init: KeyboardEventInit) => viewport.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init }));
    key({ key: 'z', ctrlKey: true, shiftKey: true });
    expect(await bytes()).toEqual(two);
    key({ key: 'z', ctrlKey: true });
    expect(await bytes()).toEqual(one);
    await el.updateComplete;
    expect(actions).toEqual(['redo', 'undo']);
    // Clear and invert are undoable too.
    el.clear();
    expect(el.hasMask).toBe(false);
    el.undo();
    expect(await bytes()).toEqual(one);
    el.invert();
    el.undo();
    expect(await bytes()).toEqual(one);
  });

  it('[ and ] change the brush size; pen pressure thins the stroke', async () => {
    const el = await mount({ brushSize: 20 });
    const viewport = part(el, 'viewport');
    viewport.dispatchEvent(new KeyboardEvent('keydown', { key: ']', bubbles: true, composed: true }));
    expect(el.brushSize).toBe(23);
    viewport.dispatchEvent(new KeyboardEvent('keydown', { key: '[', bubbles: true, composed: true }));
    viewport.dispatchEvent(new KeyboardEvent('keydown', { key: '[', bubbles: true, composed: true }));
    expect(el.brushSize).toBe(17);
    el.brushSize = 20;
    await el.updateComplete;
    drag(el, [[30, 30], [90, 30]], { pointerType: 'pen', pressure: 0.25 });
    drag(el, [[30, 70], [90, 70]], { pointerType: 'mouse', pressure: 0.5 });
    const d = await decode(await el.exportMask());
    // Pressure 0.25 gives diameter 10 (radius 5); the mouse keeps 20 (radius 10).
    expect([at(d, 60, 30), at(d, 60, 33), at(d, 60, 37), at(d, 60, 23)]).toEqual([0, 0, 255, 255]);
    expect([at(d, 60, 70), at(d, 60, 77), at(d, 60, 63)]).toEqual([0, 0, 0]);
  });

  it('takes an ImageBitmap and resets the mask and history when the image changes', async () => {
    const bitmap = await createImageBitmap(await photo(64, 48));
    const el = await mount({ image: bitmap });
    expect([el.imageWidth, el.imageHeight]).toEqual([64, 48]);
    drag(el, [[10, 10], [40, 40]]);
    expect(el.hasMask).toBe(true);
    el.image = await photo(32, 16);
    await el.updateComplete;
    expect([el.hasMask, el.canUndo]).toEqual([false, false]);
    const d = await decode(await el.exportMask());
    expect([d.width, d.height, blackCount(d)]).toEqual([32, 16, 0]);
  });
});
