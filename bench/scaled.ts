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

/**
 * The 12 MP task of `npm run bench -- --sections twelve` and of the lab pages that study it: the
 * boats photo scaled to a 4000×3000 JPEG (quality 0.92) and its blob mask scaled to a binary PNG.
 */
export async function twelveMegapixel(): Promise<{ image: Blob; mask: Blob }> {
  const photo = await (await fetch('/corpus/dev/boats.jpg')).blob();
  const mask = await (await fetch('/corpus/dev/masks/boats_blob.png')).blob();
  return { image: await scaled(photo, 4000, 3000, 'image/jpeg', true, 0.92), mask: await scaled(mask, 4000, 3000, 'image/png', false) };
}
