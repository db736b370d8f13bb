/**
 * The pan/zoom transform from image pixels to viewport CSS pixels:
 * viewport = image × scale + (x, y). Pure maths, so it is easy to reason about.
 */
export interface View {
  x: number;
  y: number;
  scale: number;
}

export const MIN_SCALE = 0.01;
export const MAX_SCALE = 32;

const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

/** The whole image centred in the viewport, as large as fits. */
export function fitView(imageW: number, imageH: number, viewW: number, viewH: number): View {
  if (imageW <= 0 || imageH <= 0 || viewW <= 0 || viewH <= 0) return { x: 0, y: 0, scale: 1 };
  const scale = clampScale(Math.min(viewW / imageW, viewH / imageH));
  return { x: (viewW - imageW * scale) / 2, y: (viewH - imageH * scale) / 2, scale };
}

/** Zooms by `factor`, keeping the image point under viewport point (px, py) fixed. */
export function zoomAt(view: View, factor: number, px: number, py: number): View {
  const scale = clampScale(view.scale * factor);
  const k = scale / view.scale;
  return { scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
}

/** Viewport point → image point. */
export function toImage(view: View, vx: number, vy: number): [number, number] {
  return [(vx - view.x) / view.scale, (vy - view.y) / view.scale];
}

/** The CSS transform of the stage that holds the image-resolution canvases. */
export function cssTransform(view: View): string {
  return `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
}
