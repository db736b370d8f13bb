/** What sniff.ts reads from an image's first bytes; exif.ts fills in the orientation. */

export type SniffedImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** What a header says: the stored size (before EXIF orientation) and the orientation if cheaply found. */
export interface ImageHeader {
  width: number;
  height: number;
  /**
   * EXIF orientation 1–8 from a PNG `eXIf` chunk or a WebP `EXIF` chunk.
   * JPEG orientation is not read here: `readOrientation` (exif.ts) reads it with exifr.
   */
  orientation?: number;
}
