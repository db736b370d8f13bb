/** What an image file carries besides its pixels, as raw bytes. */
export interface ImageMetadata {
  /** The embedded ICC profile. */
  icc?: Uint8Array;
  /** EXIF as a bare TIFF block (no JPEG `Exif\0\0` prefix). */
  exif?: Uint8Array;
  /** The XMP packet (UTF-8 XML). */
  xmp?: Uint8Array;
}

/**
 * What an output keeps; mirrors `METADATA_MODES` of the request contract.
 * `keep` (default) carries EXIF and XMP with orientation reset to 1;
 * `strip-location` also removes the GPS block; `strip` drops EXIF and XMP. The ICC profile is colour, not metadata: every
 * mode keeps it.
 */
export type MetadataMode = 'keep' | 'strip' | 'strip-location';
