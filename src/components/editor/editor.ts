/**
 * Registers `<inpaint-editor>` (and the `<inpaint-mask-canvas>` it uses) when
 * imported: the package's `local-inpaint/editor` and `dist/lib/inpaint-editor.js`.
 */
import { defineElement } from '../internal/inpaint-element';
import { InpaintEditor } from './editor.component';

export { InpaintEditor } from './editor.component';
// The editor's template registers the mask canvas (editor.component.ts), so its class comes along.
export { InpaintMaskCanvas, MASK_TOOLS, MIN_BRUSH_SIZE, MAX_BRUSH_SIZE } from '../mask-canvas/mask-canvas';
export type { MaskTool } from '../mask-canvas/mask-canvas';
// Expand mode's panel, registered by the editor's template too.
export { InpaintExpandPanel } from '../expand-panel/expand-panel';

defineElement('inpaint-editor', InpaintEditor);

declare global {
  interface HTMLElementTagNameMap {
    'inpaint-editor': InpaintEditor;
  }
}
