/**
 * Getting images in and out of the editor: the first image of a drop or paste,
 * a URL, and re-encoding a result for download.
 */
import type { OutputFormat } from '../../request/types';
import { decodeImage } from '../../image/decode';
import { encodeOutput } from '../../image/encode';
import { outputMetadata, readImageMetadata } from '../../image/metadata';

/** The first image file in a drop or paste, if any. */
export function imageFromDataTransfer(data: DataTransfer | null): File | undefined {
  if (!data) return undefined;
  for (const file of Array.from(data.files)) if (file.type.startsWith('image/')) return file;
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind === 'file' && item.type.startsWith('image/')) {
      const file = item.getAsFile();
      if (file) return file;
    }
  }
  return undefined;
}

/** Fetches an image URL as a Blob; rejects with a message that names the URL. */
export async function fetchImage(url: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new Error(`Could not load ${url}: ${(err as Error)?.message ?? err} (the server may not allow cross-origin requests)`);
  }
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}`);
  return response.blob();
}

const MIME: Record<OutputFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * Re-encodes a result in another format as the engine writes results: the
 * stored values with the file's ICC profile, EXIF and XMP carried over, and
 * JPEG's missing alpha flattened on white.
 */
export async function convertImage(blob: Blob, format: OutputFormat, quality = 0.92): Promise<Blob> {
  if (blob.type === MIME[format]) return blob;
  const [{ width, height, data }, meta] = await Promise.all([
    decodeImage(blob, 'image'),
    blob.arrayBuffer().then((b) => readImageMetadata(new Uint8Array(b))),
  ]);
  return encodeOutput(data, width, height, { format, quality, metadata: outputMetadata(meta, 'keep') });
}

/** Starts a browser download of a Blob. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
