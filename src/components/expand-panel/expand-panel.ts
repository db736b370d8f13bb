/** Registers `<inpaint-expand-panel>` (the editor's Expand mode registers it itself). */
import { defineElement } from '../internal/inpaint-element';
import { InpaintExpandPanel } from './expand-panel.component';

export { InpaintExpandPanel } from './expand-panel.component';
export { ASPECT_PRESETS, presetSides, type AspectPresetId } from './aspect';

defineElement('inpaint-expand-panel', InpaintExpandPanel);

declare global {
  interface HTMLElementTagNameMap {
    'inpaint-expand-panel': InpaintExpandPanel;
  }
}
