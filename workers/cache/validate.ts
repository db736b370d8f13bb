import { InpaintError } from '../../src/shared/errors';
import { isSha256Hex } from './sha256';
import type { ModelFile } from './types';

/**
 * Checks a manifest entry before anything is fetched or stored, and returns it
 * with the sha256 lower-cased (hashes are compared as lower-case hex).
 */
export function checkModelFile(file: ModelFile): ModelFile {
  const sha256 = typeof file?.sha256 === 'string' ? file.sha256.toLowerCase() : '';
  const problems: string[] = [];
  if (typeof file?.url !== 'string' || file.url.length === 0) problems.push('url must be a non-empty string');
  if (!Number.isSafeInteger(file?.bytes) || file.bytes <= 0) problems.push(`bytes must be a positive integer, got ${String(file?.bytes)}`);
  if (!isSha256Hex(sha256)) problems.push('sha256 must be 64 hex digits');
  if (problems.length > 0) {
    throw new InpaintError('model_integrity', `Invalid model file entry ${String(file?.url)}: ${problems.join('; ')}.`, {
      details: { url: file?.url },
    });
  }
  return { ...file, sha256 };
}

/** The name shown in progress events: the URL's last path segment (`lama_fp32.onnx`). */
export function fileNameOf(file: ModelFile): string {
  try {
    const path = new URL(file.url, 'http://x/').pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || file.url;
  } catch {
    return file.url;
  }
}
