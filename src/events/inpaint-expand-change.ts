import type { ExpandSides } from '../request/types';

export interface InpaintExpandChangeDetail {
  /** Pixels to add on each side after the change. */
  sides: ExpandSides;
  /** What the person did: dragged a handle, typed a number, or picked an aspect preset. */
  source: 'drag' | 'input' | 'preset';
}

/** Fired when a person changes the expand sides (never for programmatic changes). */
export type InpaintExpandChangeEvent = CustomEvent<InpaintExpandChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'inpaint-expand-change': InpaintExpandChangeEvent;
  }
}
