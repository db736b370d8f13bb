import type { MaskTool } from '../components/mask-canvas/tools';

/** What a person did to the mask: a tool's stroke (its id, src/components/mask-canvas/tools/) or a command. */
export type MaskAction = MaskTool | 'invert' | 'clear' | 'undo' | 'redo';

export interface InpaintMaskChangeDetail {
  /** The gesture or command that changed the mask. */
  action: MaskAction;
  /** Whether any pixel is marked for editing after the change. */
  hasMask: boolean;
}

/** Fired when a person changes the mask (never for programmatic calls). */
export type InpaintMaskChangeEvent = CustomEvent<InpaintMaskChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'inpaint-mask-change': InpaintMaskChangeEvent;
  }
}
