import { html, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { InpaintError } from '../../shared/errors';
import type { MaskAction } from '../../events/inpaint-mask-change';
import '../../events/inpaint-error';
import { InpaintElement } from '../internal/inpaint-element';
import { MaskLayer, type Rgb } from './mask-layer';
import { cssTransform, fitView, toImage, zoomAt, type View } from './view';
import styles from './mask-canvas.styles';
import { MASK_TOOL_LIST, maskTool, maskToolForKey, type MaskTool, type ToolContext, type ToolStroke } from './tools';

export { MASK_TOOLS, type MaskTool } from './tools';

export const MIN_BRUSH_SIZE = 1;
export const MAX_BRUSH_SIZE = 2000;

type Gesture =
  | { kind: 'tool'; pointerId: number; stroke: ToolStroke }
  | { kind: 'pan'; pointerId: number; client: [number, number]; view: View }
  | { kind: 'pinch'; distance: number; mid: [number, number]; view: View };

/**
 * @summary Paints an inpainting mask over an image: brush, eraser, rectangle, ellipse and lasso, with undo, zoom and pan.
 *
 * The mask lives on a canvas at the image's resolution and is shown through a
 * CSS transform, so strokes stay fast on 24 MP images. `exportMask()` gives the
 * PNG the API takes: black = edit, white = keep.
 *
 * Keys when focused: `[`/`]` brush size, Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo,
 * B/E/R/O/L tools (src/components/mask-canvas/tools/), +/- zoom, 0 fit, hold Space to pan. Alt inverts the tool (brush ↔ eraser, add ↔ subtract selection).
 *
 * @event inpaint-mask-change - A person changed the mask (stroke, selection, or an undo/redo key). Not fired by method calls.
 * @event inpaint-error - The image could not be decoded.
 *
 * @csspart base - The wrapper.
 * @csspart viewport - The focusable painting surface (role `application`).
 * @csspart stage - The transformed layer holding the image and the mask.
 * @csspart image - The image canvas.
 * @csspart mask - The mask overlay canvas.
 * @csspart selection - The SVG outline of a rectangle, ellipse or lasso being drawn.
 * @csspart cursor - The brush outline.
 * @csspart empty - The "No image" placeholder shown before an image loads.
 *
 * @cssproperty --inpaint-mask-color - Overlay colour of the mask (display only).
 * @cssproperty --inpaint-mask-canvas-background - Shown around and under the image.
 * @cssproperty --inpaint-focus-ring - Outline of the focused viewport.
 */
export class InpaintMaskCanvas extends InpaintElement {
  static override styles = styles;
  static override shadowRootOptions = { ...InpaintElement.shadowRootOptions, delegatesFocus: true };

  /** The image to mask. Setting it resets the mask and its history. */
  @property({ attribute: false }) image?: ImageBitmap | Blob;
  /** The active tool. */
  @property({ reflect: true }) tool: MaskTool = 'brush';
  /** Brush and eraser diameter, in image pixels. */
  @property({ type: Number, attribute: 'brush-size' }) brushSize = 40;
  /** Opacity of the mask overlay, 0–1 (display only). */
  @property({ type: Number, attribute: 'overlay-opacity' }) overlayOpacity = 0.5;
  /** Accessible name of the painting surface. */
  @property() label = 'Mask painting area';
  /** Ignores pointer and key input. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  @state() private naturalWidth = 0;
  @state() private naturalHeight = 0;
  @state() private announcement = '';
  @state() private selectionPath = '';

  @query('.viewport') private viewport!: HTMLDivElement;
  @query('.stage') private stage!: HTMLDivElement;
  @query('.image') private imageCanvas!: HTMLCanvasElement;
  @query('.mask') private maskCanvas!: HTMLCanvasElement;
  @query('.cursor') private cursor!: HTMLDivElement;
  @query('.tint-probe') private tintProbe!: HTMLSpanElement;

  private layer?: MaskLayer;
  private view: View = { x: 0, y: 0, scale: 1 };
  /** Until the person zooms or pans, resizes keep the image fitted. */
  private fitted = true;
  private gesture?: Gesture;
  private readonly pointers = new Map<number, [number, number]>();
  private spaceHeld = false;
  private loading: Promise<void> = Promise.resolve();
  private loadSeq = 0;
  private readonly resizeObserver = new ResizeObserver(() => this.fitted && this.fit());

  /** Image width in pixels (0 until an image has loaded). */
  get imageWidth(): number {
    return this.naturalWidth;
  }
  /** Image height in pixels (0 until an image has loaded). */
  get imageHeight(): number {
    return this.naturalHeight;
  }
  /** True when at least one pixel is marked for editing. */
  get hasMask(): boolean {
    return (this.layer?.count ?? 0) > 0;
  }
  get canUndo(): boolean {
    return this.layer?.canUndo ?? false;
  }
  get canRedo(): boolean {
    return this.layer?.canRedo ?? false;
  }
  /** The current zoom (CSS pixels per image pixel). */
  get zoom(): number {
    return this.view.scale;
  }

  /**
   * The mask as the API receives it: a PNG at the image's size, black = edit, white = keep.
   * @example
   * const mask = await canvas.exportMask();
   * await client.submit({ image, mask, prompt: 'a red door' });
   */
  async exportMask(): Promise<Blob> {
    await this.loading;
    if (!this.layer || !this.naturalWidth) {
      throw new InpaintError('invalid_request', 'There is no image to mask yet; set the `image` property first.');
    }
    return this.layer.exportPng();
  }

  /** Swaps edit and keep. Undoable; fires no event (method calls are not user input). */
  invert(): void {
    this.layer?.invert();
    this.requestUpdate();
  }
  /** Empties the mask. Undoable; fires no event. */
  clear(): void {
    this.layer?.clear();
    this.requestUpdate();
  }
  /** Undoes the last mask change; returns false when there is none. Fires no event. */
  undo(): boolean {
    const done = this.layer?.undo() ?? false;
    this.requestUpdate();
    return done;
  }
  /** Redoes the last undone change; returns false when there is none. Fires no event. */
  redo(): boolean {
    const done = this.layer?.redo() ?? false;
    this.requestUpdate();
    return done;
  }
  /** Fits the whole image in the view. */
  fit(): void {
    const box = this.viewport?.getBoundingClientRect();
    if (!box || !this.naturalWidth) return;
    this.view = fitView(this.naturalWidth, this.naturalHeight, box.width, box.height);
    this.fitted = true;
    this.applyView();
  }
  /** Zooms by `factor` around the viewport centre. */
  zoomBy(factor: number): void {
    const box = this.viewport.getBoundingClientRect();
    this.setView(zoomAt(this.view, factor, box.width / 2, box.height / 2));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.viewport) this.resizeObserver.observe(this.viewport);
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
  }

  /** `updateComplete` also waits for the image to decode, so tests and embedders can paint right after. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await this.loading;
    return result;
  }

  protected override firstUpdated(): void {
    this.layer = new MaskLayer(this.maskCanvas);
    this.resizeObserver.observe(this.viewport);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('brushSize')) {
      this.brushSize = Math.round(Math.min(MAX_BRUSH_SIZE, Math.max(MIN_BRUSH_SIZE, Number(this.brushSize) || MIN_BRUSH_SIZE)));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('image')) this.loading = this.load(this.image);
    if (changed.has('brushSize')) this.updateCursorSize();
  }

  private async load(source: ImageBitmap | Blob | undefined): Promise<void> {
    const seq = ++this.loadSeq;
    if (!source) {
      this.naturalWidth = this.naturalHeight = 0;
      this.layer?.reset(0, 0);
      return;
    }
    let bitmap: ImageBitmap;
    try {
      bitmap = source instanceof Blob ? await createImageBitmap(source, { imageOrientation: 'from-image' }) : source;
    } catch (err) {
      this.emit('inpaint-error', { code: 'image_decode', message: `The image could not be decoded: ${(err as Error)?.message ?? err}` });
      return;
    }
    if (seq !== this.loadSeq) {
      // A newer image arrived while this one decoded: free the one we made (its pixels live outside the JS heap).
      if (bitmap !== source) bitmap.close();
      return;
    }
    const { width, height } = bitmap;
    this.imageCanvas.width = width;
    this.imageCanvas.height = height;
    this.imageCanvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    if (bitmap !== source) bitmap.close();
    this.layer!.reset(width, height);
    this.layer!.setTint(this.readTint());
    this.naturalWidth = width;
    this.naturalHeight = height;
    this.stage.style.width = `${width}px`;
    this.stage.style.height = `${height}px`;
    await super.getUpdateComplete();
    this.fit();
  }

  /** Resolves `--inpaint-mask-color` to RGB through a probe element's computed `color`. */
  private readTint(): Rgb {
    const m = getComputedStyle(this.tintProbe).color.match(/[\d.]+/g);
    return m && m.length >= 3 ? [Number(m[0]), Number(m[1]), Number(m[2])] : [255, 45, 85];
  }

  private setView(view: View): void {
    this.view = view;
    this.fitted = false;
    this.applyView();
  }

  private applyView(): void {
    if (this.stage) this.stage.style.transform = cssTransform(this.view);
    this.updateCursorSize();
  }

  private updateCursorSize(): void {
    if (!this.cursor) return;
    const d = this.brushSize * this.view.scale;
    this.cursor.style.width = this.cursor.style.height = `${d}px`;
  }

  /** Client point → image pixel coordinates; pass `box` (the viewport's) to reuse one layout read for many points. */
  private imagePoint(e: { clientX: number; clientY: number }, box: DOMRect = this.viewport.getBoundingClientRect()): [number, number] {
    return toImage(this.view, e.clientX - box.left, e.clientY - box.top);
  }

  private changed(action: MaskAction): void {
    this.requestUpdate();
    this.emit('inpaint-mask-change', { action, hasMask: this.hasMask });
  }

  private announce(text: string): void {
    this.announcement = text;
  }

  private onPointerDown = (e: PointerEvent): void => {
    if (this.disabled || !this.layer || !this.naturalWidth) return;
    this.viewport.focus({ preventScroll: true });
    this.pointers.set(e.pointerId, [e.clientX, e.clientY]);
    try {
      this.viewport.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic events carry no active pointer; capture is only a convenience.
    }
    if (this.pointers.size === 2) {
      // A second finger turns any stroke in progress into a pinch; the stroke is dropped.
      this.layer.cancel();
      this.selectionPath = '';
      const [a, b] = [...this.pointers.values()];
      this.gesture = { kind: 'pinch', distance: Math.hypot(a[0] - b[0], a[1] - b[1]) || 1, mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], view: this.view };
      return;
    }
    if (this.pointers.size > 2 || this.gesture) return;
    if (this.spaceHeld || e.button === 1) {
      this.gesture = { kind: 'pan', pointerId: e.pointerId, client: [e.clientX, e.clientY], view: this.view };
      return;
    }
    if (e.button !== 0) return;
    e.preventDefault();
    const stroke = maskTool(this.tool).down(this.toolContext(this.layer), this.imagePoint(e), e, e.altKey);
    this.gesture = { kind: 'tool', pointerId: e.pointerId, stroke };
  };

  private toolContext(layer: MaskLayer): ToolContext {
    return {
      layer,
      tint: () => layer.setTint(this.readTint()),
      diameter: (e) => this.diameter(e),
      box: (a, b) => this.rectPixels(a, b),
    };
  }

  private onPointerMove = (e: PointerEvent): void => {
    // One layout read per move, taken before the cursor's style write so the stroke below reuses it.
    const box = this.viewport.getBoundingClientRect();
    this.moveCursor(e, box);
    if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, [e.clientX, e.clientY]);
    const g = this.gesture;
    if (!g || !this.layer) return;
    if (g.kind === 'pinch') {
      const [a, b] = [...this.pointers.values()];
      if (!a || !b) return;
      const mid: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const zoomed = zoomAt(g.view, Math.hypot(a[0] - b[0], a[1] - b[1]) / g.distance, g.mid[0] - box.left, g.mid[1] - box.top);
      this.setView({ ...zoomed, x: zoomed.x + mid[0] - g.mid[0], y: zoomed.y + mid[1] - g.mid[1] });
      return;
    }
    if (g.pointerId !== e.pointerId) return;
    if (g.kind === 'pan') {
      this.setView({ ...g.view, x: g.view.x + e.clientX - g.client[0], y: g.view.y + e.clientY - g.client[1] });
      return;
    }
    // Coalesced events keep fast pen strokes smooth (https://w3c.github.io/pointerevents/#coalesced-events).
    const coalesced = e.getCoalescedEvents?.() ?? [];
    const events = coalesced.length ? coalesced : [e];
    for (const ev of events) g.stroke.move(this.imagePoint(ev, box), ev);
    const outline = g.stroke.outline();
    if (outline !== this.selectionPath) this.selectionPath = outline;
  };

  private onPointerUp = (e: PointerEvent): void => {
    this.pointers.delete(e.pointerId);
    const g = this.gesture;
    if (!g || !this.layer) return;
    if (g.kind === 'pinch') {
      if (this.pointers.size < 2) this.gesture = undefined;
      return;
    }
    if (g.pointerId !== e.pointerId) return;
    this.gesture = undefined;
    if (g.kind === 'pan') return;
    if (e.type === 'pointercancel') {
      this.layer.cancel();
      this.selectionPath = '';
      return;
    }
    this.selectionPath = '';
    g.stroke.up(this.imagePoint(e));
    if (this.layer.commit()) this.changed(g.stroke.action as MaskAction);
  };

  /** The rectangle's whole pixels, clamped to the image: [x0, y0, x1, y1), x1 exclusive. */
  private rectPixels(a: [number, number], b: [number, number]): [number, number, number, number] {
    const cx = (v: number) => Math.min(this.naturalWidth, Math.max(0, Math.round(v)));
    const cy = (v: number) => Math.min(this.naturalHeight, Math.max(0, Math.round(v)));
    return [cx(Math.min(a[0], b[0])), cy(Math.min(a[1], b[1])), cx(Math.max(a[0], b[0])), cy(Math.max(a[1], b[1]))];
  }

  /** Pen pressure scales the brush (0.5 is the spec's default for devices without pressure). */
  private diameter(e: PointerEvent): number {
    return e.pointerType === 'pen' && e.pressure > 0 ? Math.max(1, this.brushSize * Math.min(1, e.pressure * 2)) : this.brushSize;
  }

  private moveCursor(e: PointerEvent, box: DOMRect): void {
    const show = maskTool(this.tool).cursor === 'brush' && e.pointerType !== 'touch' && !this.spaceHeld;
    this.cursor.style.display = show ? 'block' : 'none';
    if (!show) return;
    const r = (this.brushSize * this.view.scale) / 2;
    this.cursor.style.transform = `translate(${e.clientX - box.left - r}px, ${e.clientY - box.top - r}px)`;
  }

  private onWheel = (e: WheelEvent): void => {
    if (!this.naturalWidth) return;
    e.preventDefault();
    const box = this.viewport.getBoundingClientRect();
    // Trackpad pinch arrives as ctrl+wheel with small deltas; scale them up to feel the same as a wheel.
    const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
    this.setView(zoomAt(this.view, factor, e.clientX - box.left, e.clientY - box.top));
  };

  private onKeyDown = (e: KeyboardEvent): void => {
    if (this.disabled) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    let handled = true;
    if (mod && key === 'z') {
      const redo = e.shiftKey;
      if (redo ? this.layer?.redo() : this.layer?.undo()) this.changed(redo ? 'redo' : 'undo');
    } else if (mod && key === 'y') {
      if (this.layer?.redo()) this.changed('redo');
    } else if (mod) {
      handled = false;
    } else if (e.key === '[' || e.key === ']') {
      const step = Math.max(1, Math.round(this.brushSize * 0.15));
      this.brushSize = Math.min(MAX_BRUSH_SIZE, Math.max(MIN_BRUSH_SIZE, this.brushSize + (e.key === ']' ? step : -step)));
      this.announce(`Brush size ${this.brushSize}`);
    } else if (e.key === ' ') {
      this.spaceHeld = true;
      this.viewport.classList.add('panning');
    } else if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
    else if (e.key === '-') this.zoomBy(0.8);
    else if (e.key === '0') this.fit();
    else if (maskToolForKey(key)) {
      this.tool = maskToolForKey(key)!.id as MaskTool;
      this.announce(`${this.tool} tool`);
    } else handled = false;
    if (handled) e.preventDefault();
  };

  private onKeyUp = (e: KeyboardEvent): void => {
    if (e.key !== ' ') return;
    this.spaceHeld = false;
    this.viewport.classList.remove('panning');
  };

  protected override render() {
    const opacity = Math.min(1, Math.max(0, this.overlayOpacity));
    return html`
      <div part="base" class="base">
        <div
          part="viewport"
          class="viewport"
          role="application"
          aria-roledescription="mask editor"
          aria-label=${this.label}
          aria-describedby="help"
          aria-disabled=${this.disabled ? 'true' : 'false'}
          tabindex=${this.disabled ? '-1' : '0'}
          @pointerdown=${this.onPointerDown}
          @pointermove=${this.onPointerMove}
          @pointerup=${this.onPointerUp}
          @pointercancel=${this.onPointerUp}
          @pointerleave=${() => this.cursor && (this.cursor.style.display = 'none')}
          @wheel=${this.onWheel}
          @keydown=${this.onKeyDown}
          @keyup=${this.onKeyUp}
          @contextmenu=${(e: Event) => e.preventDefault()}
        >
          <div part="stage" class="stage">
            <canvas part="image" class="image" aria-hidden="true"></canvas>
            <canvas part="mask" class="mask" aria-hidden="true" style="--overlay-opacity: ${opacity}"></canvas>
            <svg part="selection" class="selection" aria-hidden="true" viewBox="0 0 ${this.naturalWidth || 1} ${this.naturalHeight || 1}">
              ${this.selectionPath ? svgPath(this.selectionPath) : ''}
            </svg>
          </div>
          <div part="cursor" class="cursor" aria-hidden="true"></div>
          ${this.naturalWidth ? '' : html`<div part="empty" class="empty">No image</div>`}
        </div>
        <span class="tint-probe"></span>
        <p id="help" class="sr-only">
          ${this.tool} tool, size ${this.brushSize}. ${this.hasMask ? 'Mask has painted areas.' : 'Mask is empty.'} Keys:
          ${MASK_TOOL_LIST.map((t) => `${t.key.toUpperCase()} ${t.label.toLowerCase()} (${t.help}), `).join('')}[ and ] size, Control+Z undo,
          Control+Shift+Z redo, plus and minus zoom, 0 fit, Space drag to pan.
        </p>
        <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
      </div>
    `;
  }
}

function svgPath(d: string) {
  return svg`<path d=${d}></path>`;
}
