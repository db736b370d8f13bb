/**
 * Scales an image (a corpus photo or mask) to `w`×`h` through a canvas and encodes it as `type`: a mask
 * with `smooth` false (nearest neighbour), so it stays binary. Shared by the bench pages and the lab pages.
 */
export async function scaled(src: Blob, w: number, h: number, type: string, smooth: boolean, quality?: number): Promise<Blob> {
  const bmp = await createImageBitmap(src);
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  ctx.imageSmoothingEnabled = smooth;
  ctx.drawImage(bmp, 0, 0, w, h);
  return c.convertToBlob({ type, quality });
}
