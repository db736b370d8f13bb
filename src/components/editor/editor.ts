/** Registers `<inpaint-editor>` (and the `<inpaint-mask-canvas>` it uses) when imported. */
import { defineElement } from '../internal/inpaint-element';
import { InpaintEditor } from './editor.component';

export { InpaintEditor } from './editor.component';

defineElement('inpaint-editor', InpaintEditor);

declare global {
  interface HTMLElementTagNameMap {
    'inpaint-editor': InpaintEditor;
  }
}
