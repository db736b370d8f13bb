import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { EXPAND_SIDES, MAX_EXPAND_SIDE, type ExpandSide, type ExpandSides } from '../../request/types';
import '../../events/inpaint-expand-change';
import { InpaintElement } from '../internal/inpaint-element';
import { ASPECT_PRESETS, NO_SIDES, clampSide, presetSides, type AspectPresetId } from './aspect';
import styles from './expand-panel.styles';

const LABELS: Record<ExpandSide, string> = { left: 'Left', right: 'Right', top: 'Top', bottom: 'Bottom' };
/** Arrow keys on a handle move it by this many px (Shift: ×8). */
const KEY_STEP = 8;

/**
 * @summary Expand mode's canvas: a preview of the larger canvas with a handle on each side to drag, a number field per side, and aspect presets.
 *
 * The image sits at its offset inside the new canvas, whose added border shows as a checkerboard.
 * Dragging a handle (mouse, pen or touch) or pressing the arrow keys on it moves that side; the
 * number fields take pixels (0–2048); a preset (1:1, 4:5, 3:2, 16:9, 9:16) sets the smallest canvas
 * of that ratio holding the whole, centred image, and "Original" grows it by 25 % at its own ratio.
 *
 * @event inpaint-expand-change - A person changed the sides: { sides, source: 'drag' | 'input' | 'preset' }.
 *
 * @csspart preview - The preview frame (the new canvas).
 * @csspart image - The original image inside it.
 * @csspart handle - Each side's handle; also `handle-left`, `handle-right`, `handle-top`, `handle-bottom`.
 * @csspart sides - The number fields.
 * @csspart presets - The aspect preset buttons.
 * @csspart size - The line giving the output size.
 *
 * @cssproperty --inpaint-accent - Handle and selected preset colour.
 * @cssproperty --inpaint-canvas-height - Most height the preview takes.
 */
export class InpaintExpandPanel extends InpaintElement {
  static override styles = styles;

  /** The image to expand. */
  @property({ attribute: false }) image?: Blob;
  /** Pixels added on each side. Set it to change them; the panel fires `inpaint-expand-change` only for a person's changes. */
  @property({ attribute: false }) sides: ExpandSides = { ...NO_SIDES };

  /** The image's size after EXIF orientation (0 until decoded). */
  @state() imageWidth = 0;
  @state() imageHeight = 0;
  @state() private url?: string;
  @state() private preset?: AspectPresetId;

  @query('.frame') private frame!: HTMLElement;
  private drag?: { side: ExpandSide; x: number; y: number; start: number; scale: number; pointer: number };
  private decoding = 0;

  /** The output's size with the current sides. */
  get outputWidth(): number {
    return this.imageWidth + this.sides.left + this.sides.right;
  }
  get outputHeight(): number {
    return this.imageHeight + this.sides.top + this.sides.bottom;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('image')) {
      if (this.url) URL.revokeObjectURL(this.url);
      this.url = this.image ? URL.createObjectURL(this.image) : undefined;
      this.preset = undefined;
      void this.measure(this.image);
    }
  }

  /** Reads the image's displayed size (EXIF orientation applied, as the API measures it). */
  private async measure(image?: Blob): Promise<void> {
    const ticket = ++this.decoding;
    if (!image) {
      [this.imageWidth, this.imageHeight] = [0, 0];
      return;
    }
    try {
      const bitmap = await createImageBitmap(image);
      if (ticket === this.decoding) [this.imageWidth, this.imageHeight] = [bitmap.width, bitmap.height];
      bitmap.close();
    } catch {
      if (ticket === this.decoding) [this.imageWidth, this.imageHeight] = [0, 0];
    }
  }

  private change(sides: ExpandSides, source: 'drag' | 'input' | 'preset'): void {
    if (EXPAND_SIDES.every((s) => sides[s] === this.sides[s])) return;
    this.sides = sides;
    if (source !== 'preset') this.preset = undefined;
    this.emit('inpaint-expand-change', { sides: { ...sides }, source });
  }

  private onPreset(id: AspectPresetId): void {
    if (!this.imageWidth) return;
    this.preset = id;
    this.change(presetSides(id, this.imageWidth, this.imageHeight), 'preset');
  }

  private onPointerDown(side: ExpandSide, e: PointerEvent): void {
    if (!this.imageWidth || e.button > 0) return;
    e.preventDefault();
    const rect = this.frame.getBoundingClientRect();
    // Image pixels per screen pixel at the start: the frame rescales as the canvas grows,
    // and a fixed scale keeps the side's change proportional to the pointer's travel.
    const scale = this.outputWidth / Math.max(1, rect.width);
    try {
      // Keeps the moves coming to the handle when the pointer leaves it.
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    } catch {
      // A pointer that already ended (or a synthetic one) cannot be captured; the drag still follows the handle's own events.
    }
    this.drag = { side, x: e.clientX, y: e.clientY, start: this.sides[side], scale, pointer: e.pointerId };
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointer) return;
    const travel = d.side === 'left' ? d.x - e.clientX : d.side === 'right' ? e.clientX - d.x : d.side === 'top' ? d.y - e.clientY : e.clientY - d.y;
    this.change({ ...this.sides, [d.side]: clampSide(d.start + travel * d.scale) }, 'drag');
  }

  private onPointerUp(e: PointerEvent): void {
    if (this.drag?.pointer === e.pointerId) this.drag = undefined;
  }

  private onKey(side: ExpandSide, e: KeyboardEvent): void {
    const outward = { left: 'ArrowLeft', right: 'ArrowRight', top: 'ArrowUp', bottom: 'ArrowDown' }[side];
    const inward = { left: 'ArrowRight', right: 'ArrowLeft', top: 'ArrowDown', bottom: 'ArrowUp' }[side];
    const step = (e.shiftKey ? 8 : 1) * KEY_STEP;
    const delta = e.key === outward ? step : e.key === inward ? -step : 0;
    if (!delta) return;
    e.preventDefault();
    this.change({ ...this.sides, [side]: clampSide(this.sides[side] + delta) }, 'drag');
  }

  protected override render() {
    const W = this.outputWidth;
    const H = this.outputHeight;
    const ready = this.imageWidth > 0;
    const pct = (n: number, of: number) => `${(100 * n) / Math.max(1, of)}%`;
    const s = this.sides;
    return html`
      <div class="wrap">
        <div part="preview" class="frame" role="group" aria-label="New canvas, ${W} by ${H} pixels"
          style="aspect-ratio: ${Math.max(1, W)} / ${Math.max(1, H)}; --ratio: ${Math.max(1, W) / Math.max(1, H)}">
          ${this.url && ready
            ? html`<img part="image" alt="" src=${this.url} draggable="false"
                style="left: ${pct(s.left, W)}; top: ${pct(s.top, H)}; width: ${pct(this.imageWidth, W)}; height: ${pct(this.imageHeight, H)}" />`
            : nothing}
          ${EXPAND_SIDES.map(
            (side) => html`<button type="button" class="handle ${side}" part="handle handle-${side}" ?disabled=${!ready}
              aria-label="${LABELS[side]} edge: drag, or use the arrow keys (${s[side]} px added)"
              @pointerdown=${(e: PointerEvent) => this.onPointerDown(side, e)} @pointermove=${this.onPointerMove}
              @pointerup=${this.onPointerUp} @pointercancel=${this.onPointerUp} @keydown=${(e: KeyboardEvent) => this.onKey(side, e)}></button>`,
          )}
        </div>
        <div part="presets" class="presets" role="group" aria-label="Aspect ratio">
          ${ASPECT_PRESETS.map(
            (p) => html`<button type="button" aria-pressed=${this.preset === p.id ? 'true' : 'false'} ?disabled=${!ready} @click=${() => this.onPreset(p.id)}>${p.label}</button>`,
          )}
        </div>
        <div part="sides" class="sides">
          ${EXPAND_SIDES.map(
            (side) => html`<label>${LABELS[side]} <input type="number" inputmode="numeric" min="0" max=${MAX_EXPAND_SIDE} step="1" .value=${String(s[side])}
              aria-label="${LABELS[side]} (px)"
              @change=${(e: Event) => {
                const input = e.target as HTMLInputElement;
                const v = clampSide(input.valueAsNumber);
                input.value = String(v);
                this.change({ ...this.sides, [side]: v }, 'input');
              }} /></label>`,
          )}
        </div>
        <p part="size" class="size">${ready ? `${this.imageWidth}×${this.imageHeight} → ${W}×${H} px` : 'Open an image to expand it.'}</p>
      </div>
    `;
  }
}
