/** The pixel rectangle every crop, window and paste-back in src/shared and workers/ speaks in. */

/** An axis-aligned pixel rectangle; `x`/`y` is the top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
