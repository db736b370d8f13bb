/**
 * The editor's Expand mode, the parts that are not the panel itself
 * (../expand-panel/): the mode switch and the "before" image of the compare
 * slider, which is the original at its offset on a transparent canvas of the
 * result's size, so before and after line up pixel for pixel.
 */
import { html, type TemplateResult } from 'lit';
import type { ExpandSides } from '../../request/types';

export type EditorMode = 'inpaint' | 'expand';

const MODES: { mode: EditorMode; label: string }[] = [
  { mode: 'inpaint', label: 'Inpaint' },
  { mode: 'expand', label: 'Expand' },
];

export function renderModeSwitch(mode: EditorMode, onMode: (mode: EditorMode) => void): TemplateResult {
  return html`<div part="mode" role="radiogroup" aria-label="Mode" class="tools mode">
    ${MODES.map((m) => html`<button type="button" role="radio" aria-checked=${mode === m.mode} @click=${() => onMode(m.mode)}>${m.label}</button>`)}
  </div>`;
}

/** The original at (left, top) on a transparent canvas of the expanded size, as a PNG. */
export async function expandedBefore(image: Blob, sides: ExpandSides): Promise<Blob> {
  const bitmap = await createImageBitmap(image);
  const canvas = new OffscreenCanvas(bitmap.width + sides.left + sides.right, bitmap.height + sides.top + sides.bottom);
  canvas.getContext('2d')!.drawImage(bitmap, sides.left, sides.top);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/png' });
}
