/**
 * Argument checks for the pixel modules (`pixels.ts`, `pixels-feather.ts`); not re-exported.
 * Size mismatches here are programming errors inside the library, never user
 * input (validation has already run), hence RangeError rather than InpaintError.
 */
import type { Rect } from './rect';

export function assertLength(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new RangeError(`${what}: expected ${expected} elements, got ${actual}`);
}

export function assertRectInside(rect: Rect, width: number, height: number): void {
  const ok =
    Number.isInteger(rect.x) && Number.isInteger(rect.y) && rect.x >= 0 && rect.y >= 0 &&
    rect.width >= 0 && rect.height >= 0 && rect.x + rect.width <= width && rect.y + rect.height <= height;
  if (!ok) throw new RangeError(`rect ${JSON.stringify(rect)} is outside the ${width}x${height} image`);
}
