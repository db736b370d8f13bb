/**
 * The mask tools, in toolbar order: `<inpaint-mask-canvas>` takes its `tool`
 * values, keys and help from here, and the editor's toolbar its buttons.
 * Adding a tool: one file beside this one, one line below.
 */
import { BRUSH } from './brush';
import { ELLIPSE } from './ellipse';
import { ERASER } from './eraser';
import { LASSO } from './lasso';
import { RECT } from './rect';
import type { MaskTool as ToolObject } from './tool';

export const MASK_TOOL_LIST = [BRUSH, ERASER, RECT, ELLIPSE, LASSO] as const satisfies readonly ToolObject[];

/** A tool's id: the canvas's `tool` property. */
export type MaskTool = (typeof MASK_TOOL_LIST)[number]['id'];

/** The tool ids, in toolbar order. */
export const MASK_TOOLS: readonly MaskTool[] = MASK_TOOL_LIST.map((t) => t.id);

const BY_ID = new Map<string, ToolObject>(MASK_TOOL_LIST.map((t) => [t.id, t]));
const BY_KEY = new Map<string, ToolObject>(MASK_TOOL_LIST.map((t) => [t.key, t]));

/** The tool for an id; an unknown id (a stray attribute value) gets the brush. */
export function maskTool(id: string): ToolObject {
  return BY_ID.get(id) ?? BRUSH;
}

/** The tool whose shortcut is `key` (any case), if any. */
export function maskToolForKey(key: string): ToolObject | undefined {
  return BY_KEY.get(key.toLowerCase());
}

export type { Point, ToolContext, ToolStroke } from './tool';
