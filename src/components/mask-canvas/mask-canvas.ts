/** Registers `<inpaint-mask-canvas>` when imported. */
import { defineElement } from '../internal/inpaint-element';
import { InpaintMaskCanvas } from './mask-canvas.component';

export { InpaintMaskCanvas, MASK_TOOLS, MIN_BRUSH_SIZE, MAX_BRUSH_SIZE } from './mask-canvas.component';
export type { MaskTool } from './mask-canvas.component';

defineElement('inpaint-mask-canvas', InpaintMaskCanvas);

declare global {
  interface HTMLElementTagNameMap {
    'inpaint-mask-canvas': InpaintMaskCanvas;
  }
}
