/**
 * What a mask tool is to `<inpaint-mask-canvas>` and the editor's toolbar: a
 * name, a key, help text, a cursor, and what a pointer press starts. Pan,
 * pinch, zoom and undo belong to the canvas; a tool only turns one press of
 * the primary button into mask pixels. One tool per file, listed in ./index.ts.
 */
import type { MaskLayer } from '../mask-layer';

export type Point = [number, number];

/** What the canvas lends a tool for one stroke. */
export interface ToolContext {
  /** The mask at the image's resolution: draw into it; the canvas commits (one undo step) or cancels. */
  readonly layer: MaskLayer;
  /** Sets the layer's overlay tint from the current `--inpaint-mask-color`; call before drawing. */
  tint(): void;
  /** The brush diameter for this event, in image pixels (pen pressure included). */
  diameter(e: PointerEvent): number;
  /** Whole pixels of the box spanned by `a` and `b`, clamped to the image: [x0, y0, x1, y1), x1 exclusive. */
  box(a: Point, b: Point): [number, number, number, number];
}

/** One press of a tool, from pointer down to pointer up. */
export interface ToolStroke {
  /** The pointer moved to `p` (image pixels); called for every coalesced event. */
  move(p: Point, e: PointerEvent): void;
  /** The SVG path of the outline to show while drawing (image pixels), or '' for none. */
  outline(): string;
  /** The pointer was released at `p`: draw what the stroke selected. The canvas then commits it. */
  up(p: Point): void;
  /** The tool name reported as the `inpaint-mask-change` action (Alt turns a brush stroke into 'eraser'). */
  readonly action: string;
}

export interface MaskTool<Id extends string = string> {
  /** The `tool` property's value, e.g. `'brush'`. */
  readonly id: Id;
  /** The toolbar's label, e.g. `'Rectangle'`. */
  readonly label: string;
  /** The one-letter keyboard shortcut, lower case. */
  readonly key: string;
  /** What the tool does, for the canvas's screen-reader help and the toolbar's tooltip. */
  readonly help: string;
  /** `'brush'` shows the brush outline under the pointer; `'crosshair'` a crosshair. */
  readonly cursor: 'brush' | 'crosshair';
  /**
   * A press of the primary button at `p` (image pixels). `alt` inverts the tool
   * (brush ↔ eraser, add ↔ subtract a selection).
   */
  down(ctx: ToolContext, p: Point, e: PointerEvent, alt: boolean): ToolStroke;
}
