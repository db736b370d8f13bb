/** Freehand painting, shared by the brush and the eraser (./brush.ts, ./eraser.ts). */
import type { MaskTool, ToolStroke } from './tool';

/** A tool that paints round dabs along the pointer's path; `erases` is what it does without Alt. */
export function paintTool<Id extends string>(spec: Pick<MaskTool<Id>, 'id' | 'label' | 'key' | 'help'> & { erases: boolean }): MaskTool<Id> {
  return {
    id: spec.id,
    label: spec.label,
    key: spec.key,
    help: spec.help,
    cursor: 'brush',
    down(ctx, start, e, alt): ToolStroke {
      const erase = spec.erases !== alt;
      let last = start;
      ctx.tint();
      ctx.layer.dab(start[0], start[1], ctx.diameter(e), erase);
      return {
        action: erase ? 'eraser' : 'brush',
        move(p, ev) {
          ctx.layer.segment(last[0], last[1], p[0], p[1], ctx.diameter(ev), erase);
          last = p;
        },
        outline: () => '',
        up() {},
      };
    },
  };
}
