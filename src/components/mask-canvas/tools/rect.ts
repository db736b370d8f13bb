import type { MaskTool, Point } from './tool';

/** Drag a rectangle to add it to the mask; with Alt, to remove it. */
export const RECT: MaskTool<'rect'> = {
  id: 'rect',
  label: 'Rectangle',
  key: 'r',
  help: 'drag a rectangle',
  cursor: 'crosshair',
  down(ctx, start, _e, alt) {
    let end: Point = start;
    return {
      action: 'rect',
      move(p) {
        end = p;
      },
      outline() {
        const [x0, y0, x1, y1] = ctx.box(start, end);
        return `M${x0} ${y0}H${x1}V${y1}H${x0}Z`;
      },
      up(p) {
        const [x0, y0, x1, y1] = ctx.box(start, p);
        ctx.tint();
        ctx.layer.rect(x0, y0, x1, y1, alt);
      },
    };
  },
};
