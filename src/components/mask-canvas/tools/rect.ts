import { boxDragTool } from './box-drag';

/** Drag a rectangle to add it to the mask; with Alt, to remove it. */
export const RECT = boxDragTool({
  id: 'rect',
  label: 'Rectangle',
  key: 'r',
  help: 'drag a rectangle',
  outline: ([x0, y0, x1, y1]) => `M${x0} ${y0}H${x1}V${y1}H${x0}Z`,
  fill: (ctx, [x0, y0, x1, y1], erase) => ctx.layer.rect(x0, y0, x1, y1, erase),
});
