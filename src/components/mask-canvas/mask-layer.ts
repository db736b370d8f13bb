/**
 * The mask at image resolution, with its undo history. It lives on a canvas
 * whose alpha is the mask (opaque = edit); the element shows that same canvas
 * scaled by a CSS transform, so painting touches only the pixels under the
 * brush and never redraws a 24 MP bitmap per frame.
 *
 * Every operation ends by thresholding the pixels it touched to alpha 0 or
 * 255, so what is shown is exactly what `exportPng()` writes. History entries
 * are the before/after pixels of the touched rectangle only (invert is its own
 * inverse; clear keeps a GPU-side copy), so memory grows with what was
 * painted, not with the image size.
 */

export type Rgb = readonly [number, number, number];

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

type Entry =
  | { kind: 'patch'; x: number; y: number; before: ImageData; after: ImageData; delta: number }
  | { kind: 'invert' }
  | { kind: 'clear'; snapshot: HTMLCanvasElement; count: number };

/** Oldest entries are dropped beyond this many. */
export const MAX_HISTORY = 100;
/** Antialiased edges reach this far past the geometric bounds. */
const EDGE_PAD = 2;

/** `readOften` keeps the canvas in CPU memory: right for one that is only read back. */
function context(canvas: HTMLCanvasElement, readOften = false): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: readOften });
  if (!ctx) throw new Error('2D canvas is not available');
  return ctx;
}

export class MaskLayer {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  /** Equals the mask as it was before the operation in progress. */
  private readonly backup = document.createElement('canvas');
  private readonly backupCtx = context(this.backup, true);
  private undoStack: Entry[] = [];
  private redoStack: Entry[] = [];
  private box: Box | null = null;
  private tint: Rgb = [255, 45, 85];
  private opaque = 0;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    this.ctx = context(canvas);
  }

  get width(): number {
    return this.canvas.width;
  }
  get height(): number {
    return this.canvas.height;
  }
  /** Number of pixels marked for editing. */
  get count(): number {
    return this.opaque;
  }
  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Empties the mask and its history at a new size. */
  reset(width: number, height: number): void {
    for (const c of [this.canvas, this.backup]) {
      c.width = width;
      c.height = height;
    }
    this.undoStack = [];
    this.redoStack = [];
    this.box = null;
    this.opaque = 0;
  }

  /** Recolours the overlay (display only: the export reads alpha). */
  setTint(rgb: Rgb): void {
    if (rgb.every((v, i) => v === this.tint[i])) return;
    this.tint = rgb;
    this.fillBoth('source-in');
  }

  /** A round dab (the start of a stroke). `erase` removes instead of adding. */
  dab(x: number, y: number, diameter: number, erase: boolean): void {
    this.draw(erase, (ctx) => {
      ctx.beginPath();
      ctx.arc(x, y, diameter / 2, 0, Math.PI * 2);
      ctx.fill();
    });
    this.extend(x - diameter / 2, y - diameter / 2, x + diameter / 2, y + diameter / 2);
  }

  /** A round-capped segment; each segment has its own width so pen pressure varies along a stroke. */
  segment(ax: number, ay: number, bx: number, by: number, diameter: number, erase: boolean): void {
    this.draw(erase, (ctx) => {
      ctx.lineCap = 'round';
      ctx.lineWidth = diameter;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
    });
    const r = diameter / 2;
    this.extend(Math.min(ax, bx) - r, Math.min(ay, by) - r, Math.max(ax, bx) + r, Math.max(ay, by) + r);
  }

  /** Fills whole pixels [x0, x1) × [y0, y1) (integers, no antialiasing). */
  rect(x0: number, y0: number, x1: number, y1: number, erase: boolean): void {
    this.draw(erase, (ctx) => ctx.fillRect(x0, y0, x1 - x0, y1 - y0));
    this.extend(x0, y0, x1, y1);
  }

  /** Fills a closed polygon (nonzero rule). */
  polygon(points: ReadonlyArray<readonly [number, number]>, erase: boolean): void {
    if (points.length < 3) return;
    this.draw(erase, (ctx) => {
      ctx.beginPath();
      ctx.moveTo(points[0][0], points[0][1]);
      for (const [x, y] of points.slice(1)) ctx.lineTo(x, y);
      ctx.closePath();
      ctx.fill();
    });
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    this.extend(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }

  /** Drops what the current gesture drew (e.g. a second finger turned it into a pinch). */
  cancel(): void {
    const b = this.clampedBox();
    this.box = null;
    if (!b) return;
    this.ctx.clearRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    this.ctx.drawImage(this.backup, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
  }

  /** Thresholds what the gesture touched and records it; false when no pixel changed. */
  commit(): boolean {
    const b = this.clampedBox();
    this.box = null;
    if (!b) return false;
    const w = b.x1 - b.x0;
    const h = b.y1 - b.y0;
    const before = this.backupCtx.getImageData(b.x0, b.y0, w, h);
    const after = this.ctx.getImageData(b.x0, b.y0, w, h);
    const a = after.data;
    const was = before.data;
    const [r, g, bl] = this.tint;
    let changed = false;
    let delta = 0;
    for (let i = 0; i < a.length; i += 4) {
      const on = a[i + 3] >= 128;
      a[i] = on ? r : 0;
      a[i + 1] = on ? g : 0;
      a[i + 2] = on ? bl : 0;
      a[i + 3] = on ? 255 : 0;
      const wasOn = was[i + 3] >= 128;
      if (on !== wasOn) {
        changed = true;
        delta += on ? 1 : -1;
      }
    }
    if (!changed) {
      this.ctx.putImageData(before, b.x0, b.y0);
      return false;
    }
    this.ctx.putImageData(after, b.x0, b.y0);
    this.backupCtx.putImageData(after, b.x0, b.y0);
    this.opaque += delta;
    this.push({ kind: 'patch', x: b.x0, y: b.y0, before, after, delta });
    return true;
  }

  /** Swaps edit and keep everywhere. */
  invert(): void {
    this.applyInvert();
    this.push({ kind: 'invert' });
  }

  /** Empties the mask; false (and no history entry) when it was already empty. */
  clear(): boolean {
    if (this.opaque === 0) return false;
    const snapshot = document.createElement('canvas');
    snapshot.width = this.width;
    snapshot.height = this.height;
    context(snapshot).drawImage(this.canvas, 0, 0);
    this.push({ kind: 'clear', snapshot, count: this.opaque });
    this.applyClear();
    return true;
  }

  undo(): boolean {
    const entry = this.undoStack.pop();
    if (!entry) return false;
    if (entry.kind === 'patch') this.put(entry.before, entry.x, entry.y, -entry.delta);
    else if (entry.kind === 'invert') this.applyInvert();
    else {
      for (const ctx of [this.ctx, this.backupCtx]) ctx.drawImage(entry.snapshot, 0, 0);
      this.opaque = entry.count;
    }
    this.redoStack.push(entry);
    return true;
  }

  redo(): boolean {
    const entry = this.redoStack.pop();
    if (!entry) return false;
    if (entry.kind === 'patch') this.put(entry.after, entry.x, entry.y, entry.delta);
    else if (entry.kind === 'invert') this.applyInvert();
    else this.applyClear();
    this.undoStack.push(entry);
    return true;
  }

  /** The mask as the API takes it: opaque black = edit, white = keep, at image resolution. */
  async exportPng(): Promise<Blob> {
    const { width, height } = this;
    // One full-size read, rewritten in place (a second 4-bytes-per-pixel buffer is ~96 MB at 24 MP).
    const pixels = this.ctx.getImageData(0, 0, width, height);
    const px = new Uint32Array(pixels.data.buffer);
    // Little-endian RGBA: 0xff000000 is opaque black, 0xffffffff opaque white; alpha is the top byte.
    for (let i = 0; i < px.length; i++) px[i] = px[i] >>> 24 >= 128 ? 0xff000000 : 0xffffffff;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas is not available');
    ctx.putImageData(pixels, 0, 0);
    return canvas.convertToBlob({ type: 'image/png' });
  }

  private css(): string {
    return `rgb(${this.tint.join(' ')})`;
  }

  private draw(erase: boolean, paint: (ctx: CanvasRenderingContext2D) => void): void {
    const ctx = this.ctx;
    ctx.save();
    ctx.globalCompositeOperation = erase ? 'destination-out' : 'source-over';
    ctx.fillStyle = ctx.strokeStyle = this.css();
    paint(ctx);
    ctx.restore();
  }

  private extend(x0: number, y0: number, x1: number, y1: number): void {
    const b = this.box;
    this.box = b
      ? { x0: Math.min(b.x0, x0), y0: Math.min(b.y0, y0), x1: Math.max(b.x1, x1), y1: Math.max(b.y1, y1) }
      : { x0, y0, x1, y1 };
  }

  private clampedBox(): Box | null {
    const b = this.box;
    if (!b) return null;
    const x0 = Math.max(0, Math.floor(b.x0) - EDGE_PAD);
    const y0 = Math.max(0, Math.floor(b.y0) - EDGE_PAD);
    const x1 = Math.min(this.width, Math.ceil(b.x1) + EDGE_PAD);
    const y1 = Math.min(this.height, Math.ceil(b.y1) + EDGE_PAD);
    return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
  }

  private put(data: ImageData, x: number, y: number, delta: number): void {
    this.ctx.putImageData(data, x, y);
    this.backupCtx.putImageData(data, x, y);
    this.opaque += delta;
  }

  private applyInvert(): void {
    // XOR with an opaque fill maps alpha a to 255 - a and takes the fill's colour: exact on a 0/255 mask.
    this.fillBoth('xor');
    this.opaque = this.width * this.height - this.opaque;
  }

  /** Fills the mask and its backup with the tint through `op` (the backup stays equal to the mask). */
  private fillBoth(op: GlobalCompositeOperation): void {
    for (const ctx of [this.ctx, this.backupCtx]) {
      ctx.save();
      ctx.globalCompositeOperation = op;
      ctx.fillStyle = this.css();
      ctx.fillRect(0, 0, this.width, this.height);
      ctx.restore();
    }
  }

  private applyClear(): void {
    for (const ctx of [this.ctx, this.backupCtx]) ctx.clearRect(0, 0, this.width, this.height);
    this.opaque = 0;
  }

  private push(entry: Entry): void {
    this.undoStack.push(entry);
    if (this.undoStack.length > MAX_HISTORY) this.undoStack.shift();
    this.redoStack = [];
  }
}
