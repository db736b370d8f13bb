/** Tools that act on the box spanned by a drag (./rect.ts, ./ellipse.ts). */
import type { MaskTool, Point, ToolContext } from './tool';

type Box = [number, number, number, number];

/**
 * A tool whose press starts a box at the pointer and whose release applies
 * `fill` to the box's whole pixels (clamped to the image); `outline` draws the
 * box while dragging. Alt inverts it (adds ↔ removes).
 */
export function boxDragTool<Id extends string>(
  spec: Pick<MaskTool<Id>, 'id' | 'label' | 'key' | 'help'> & {
    outline(box: Box): string;
    fill(ctx: ToolContext, box: Box, erase: boolean): void;
  },
): MaskTool<Id> {
  return {
    id: spec.id,
    label: spec.label,
    key: spec.key,
    help: spec.help,
    cursor: 'crosshair',
    down(ctx, start, _e, alt) {
      let end: Point = start;
      return {
        action: spec.id,
        move: (p) => void (end = p),
        outline: () => spec.outline(ctx.box(start, end)),
        up(p) {
          const box = ctx.box(start, p);
          if (box[2] <= box[0] || box[3] <= box[1]) return;
          ctx.tint();
          spec.fill(ctx, box, alt);
        },
      };
    },
  };
}
