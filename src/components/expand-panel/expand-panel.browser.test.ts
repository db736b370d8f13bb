import { afterEach, describe, expect, it } from 'vitest';
import './expand-panel';
import type { InpaintExpandPanel } from './expand-panel';
import type { InpaintExpandChangeEvent } from '../../events/inpaint-expand-change';
import { makeGradient } from '../../../test/fixtures/images';

const W = 200;
const H = 100;

async function mount(): Promise<{ el: InpaintExpandPanel; events: InpaintExpandChangeEvent[] }> {
  const el = document.createElement('inpaint-expand-panel');
  el.style.cssText = 'width: 400px; display: block; --inpaint-canvas-height: 300px';
  const events: InpaintExpandChangeEvent[] = [];
  document.body.addEventListener('inpaint-expand-change', (e) => events.push(e));
  document.body.append(el);
  el.image = await makeGradient(W, H).convertToBlob({ type: 'image/png' });
  await expect.poll(() => el.imageWidth).toBe(W);
  await el.updateComplete;
  return { el, events };
}

afterEach(() => document.body.replaceChildren());

const part = (el: InpaintExpandPanel, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const input = (el: InpaintExpandPanel, label: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`input[aria-label="${label} (px)"]`)!;

describe('<inpaint-expand-panel>', () => {
  it('renders the preview at the new canvas ratio with the image at its offset, four labelled handles and six presets', async () => {
    const { el } = await mount();
    el.sides = { left: 100, right: 0, top: 0, bottom: 100 };
    await el.updateComplete;
    const frame = part(el, 'preview').getBoundingClientRect();
    expect(frame.width / frame.height).toBeCloseTo(300 / 200, 1);
    const img = part(el, 'image').getBoundingClientRect();
    expect((img.left - frame.left) / frame.width).toBeCloseTo(100 / 300, 2);
    expect(img.width / frame.width).toBeCloseTo(200 / 300, 2);
    expect(img.height / frame.height).toBeCloseTo(100 / 200, 2);
    expect(part(el, 'size').textContent).toBe('200×100 → 300×200 px');
    const handles = [...el.shadowRoot!.querySelectorAll('[part~="handle"]')].map((h) => h.getAttribute('aria-label'));
    expect(handles).toEqual([
      'Left edge: drag, or use the arrow keys (100 px added)',
      'Right edge: drag, or use the arrow keys (0 px added)',
      'Top edge: drag, or use the arrow keys (0 px added)',
      'Bottom edge: drag, or use the arrow keys (100 px added)',
    ]);
    expect([...part(el, 'presets').querySelectorAll('button')].map((b) => b.textContent)).toEqual(['1:1', '4:5', '3:2', '16:9', '9:16', 'Original']);
  });

  it('a programmatic change fires nothing; a preset fires inpaint-expand-change with the sides and marks itself pressed', async () => {
    const { el, events } = await mount();
    el.sides = { left: 1, right: 2, top: 3, bottom: 4 };
    await el.updateComplete;
    expect(events).toHaveLength(0);
    const square = [...part(el, 'presets').querySelectorAll('button')].find((b) => b.textContent === '1:1')!;
    square.click();
    await el.updateComplete;
    expect(events.map((e) => e.detail)).toEqual([{ sides: { left: 0, right: 0, top: 50, bottom: 50 }, source: 'preset' }]);
    expect(events[0].composed && events[0].bubbles).toBe(true);
    expect(square.getAttribute('aria-pressed')).toBe('true');
    expect(input(el, 'Top').value).toBe('50');
  });

  it('dragging the right handle by a quarter of the preview adds a quarter of the canvas width; the left one moves the other way', async () => {
    const { el, events } = await mount();
    const handle = part(el, 'handle-right');
    const frame = part(el, 'preview').getBoundingClientRect();
    const box = handle.getBoundingClientRect();
    const at = (dx: number) => ({ clientX: box.left + box.width / 2 + dx, clientY: box.top + box.height / 2, pointerId: 1, bubbles: true, button: 0 });
    handle.dispatchEvent(new PointerEvent('pointerdown', at(0)));
    handle.dispatchEvent(new PointerEvent('pointermove', at(frame.width / 4)));
    handle.dispatchEvent(new PointerEvent('pointerup', at(frame.width / 4)));
    await el.updateComplete;
    expect(el.sides).toEqual({ left: 0, right: 50, top: 0, bottom: 0 });
    expect(events.at(-1)!.detail.source).toBe('drag');
    // Dragging inwards past the edge stops at 0.
    const left = part(el, 'handle-left');
    const lb = left.getBoundingClientRect();
    left.dispatchEvent(new PointerEvent('pointerdown', { clientX: lb.left, clientY: lb.top, pointerId: 2, bubbles: true }));
    left.dispatchEvent(new PointerEvent('pointermove', { clientX: lb.left + 300, clientY: lb.top, pointerId: 2, bubbles: true }));
    left.dispatchEvent(new PointerEvent('pointerup', { clientX: lb.left + 300, clientY: lb.top, pointerId: 2, bubbles: true }));
    expect(el.sides.left).toBe(0);
  });

  it('arrow keys on a handle move it 8 px (Shift 64) outward or inward; typed px are clamped to 0–2048', async () => {
    const { el, events } = await mount();
    const top = part(el, 'handle-top');
    top.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    top.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', shiftKey: true, bubbles: true }));
    top.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(el.sides.top).toBe(64);
    const bottom = input(el, 'Bottom');
    bottom.value = '5000';
    bottom.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(el.sides.bottom).toBe(2048);
    expect(bottom.value).toBe('2048');
    expect(events.map((e) => e.detail.source)).toEqual(['drag', 'drag', 'drag', 'input']);
  });
});
