/**
 * The image pipeline: decode (with EXIF orientation), mask normalisation, crop
 * and paste-back, encode (carrying the input's ICC profile, EXIF and XMP). Decode and encode need OffscreenCanvas (window or
 * worker); the pixel maths is DOM-free and lives in `shared/pixels`.
 */
export { decodeImage, bitmapToRgba, type DecodedImage } from './decode';
export { encodeImage, encodeOutput, canEncode, flatten, DEFAULT_BACKGROUND, type EncodeFormat, type OutputOptions } from './encode';
export { readImageMetadata, outputMetadata, writeImageMetadata, hasLocation, type ImageMetadata, type MetadataMode } from './metadata';
export {
  holeMapFromRgba,
  holeBounds,
  contextRect,
  cropRgba,
  cropHole,
  compositeHole,
  rgbaToPlanarFloat,
  holeToPlanarFloat,
  planarFloatToRgba,
  resizeRgba,
  resizeHole,
  isGrey,
  padSize,
  type Rect,
  type Size,
  type ContextOptions,
  type PlanarOptions,
  type PlanarToRgbaOptions,
  type ResizeMethod,
} from '../shared/pixels';
