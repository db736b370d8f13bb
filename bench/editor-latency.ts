/**
 * Editor responsiveness on large images (issue 3: "24 MP and more stay
 * responsive"): a stroke of 200 pointer moves on <inpaint-mask-canvas> with a
 * 12 MP and a 24 MP image, timing each event's handler and the frames while
 * painting, plus the stroke's commit (pointerup) and `exportMask()`. The
 * baseline is the same stroke on a 1 MP image in the same page.
 */
import '../src/components/mask-canvas/mask-canvas';
import type { InpaintMaskCanvas } from '../src/components/mask-canvas/mask-canvas.component';
import { makeGradient } from '../test/fixtures/images';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

export async function editorLatency(): Promise<Record<string, number | string>[]> {
  const rows = [];
  for (const [name, w, h] of [
    ['1 MP (baseline)', 1200, 800],
    ['12 MP', 4000, 3000],
    ['24 MP', 6000, 4000],
  ] as const) {
    const el = document.createElement('inpaint-mask-canvas') as InpaintMaskCanvas;
    el.style.cssText = 'display:block;width:1000px;height:700px';
    document.body.append(el);
    el.image = await createImageBitmap(makeGradient(w, h));
    await el.updateComplete;
    const viewport = el.shadowRoot!.querySelector<HTMLElement>('[part~="viewport"]')!;
    const box = el.shadowRoot!.querySelector<HTMLElement>('[part~="stage"]')!.getBoundingClientRect();
    const at = (i: number) => ({ clientX: box.left + box.width * (0.1 + 0.8 * (i / 200)), clientY: box.top + box.height * (0.5 + 0.3 * Math.sin(i / 15)) });
    const fire = (type: string, i: number) =>
      viewport.dispatchEvent(
        new PointerEvent(type, { bubbles: true, composed: true, cancelable: true, pointerId: 1, pointerType: 'mouse', button: type === 'pointermove' ? -1 : 0, buttons: type === 'pointerup' ? 0 : 1, isPrimary: true, ...at(i) }),
      );
    const handler: number[] = [];
    const frames: number[] = [];
    fire('pointerdown', 0);
    let last = performance.now();
    for (let i = 1; i <= 200; i++) {
      const t = performance.now();
      fire('pointermove', i);
      handler.push(performance.now() - t);
      if (i % 4 === 0) {
        // A person's pointer delivers ~4 moves per frame; wait for the frame.
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
    }
    let t = performance.now();
    fire('pointerup', 200);
    await el.updateComplete;
    const commit = performance.now() - t;
    t = performance.now();
    const blob = await el.exportMask();
    const exportMs = performance.now() - t;
    rows.push({
      image: name,
      pixels: w * h,
      move_handler_ms_median: median(handler),
      move_handler_ms_p95: p95(handler),
      frame_ms_median: median(frames),
      frame_ms_p95: p95(frames),
      stroke_commit_ms: commit,
      export_mask_ms: exportMs,
      mask_png_bytes: blob.size,
    });
    el.remove();
  }
  return rows;
}
