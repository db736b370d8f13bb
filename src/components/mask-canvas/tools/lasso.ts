import type { MaskTool, Point } from './tool';

/** Draw a closed outline to add what it encloses; with Alt, to remove it. */
export const LASSO: MaskTool<'lasso'> = {
  id: 'lasso',
  label: 'Lasso',
  key: 'l',
  help: 'draw an outline around an area',
  cursor: 'crosshair',
  down(ctx, start, _e, alt) {
    const points: Point[] = [start];
    return {
      action: 'lasso',
      move(p) {
        points.push(p);
      },
      outline: () => `M${points.map((q) => `${q[0]} ${q[1]}`).join('L')}Z`,
      up() {
        ctx.tint();
        ctx.layer.polygon(points, alt);
      },
    };
  },
};
