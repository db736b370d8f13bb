import { InpaintError } from '../../src/shared/errors';
import { isSha1Hex } from './git-blob';
import { parseHubUrl } from './hub';
import { isSha256Hex } from './sha256';
import type { CachedModel, ModelFile, PinnedFile } from './types';

/**
 * Checks a manifest entry before anything is fetched or stored, and returns it
 * with the sha256 lower-cased (hashes are compared as lower-case hex). An empty
 * sha256 is valid only for a Hub-verified entry (`verifyFrom: 'hub'`) whose URL
 * is a Hub resolve URL; its `bytes` is then an estimate.
 */
export function checkModelFile(file: ModelFile): ModelFile {
  const sha256 = typeof file?.sha256 === 'string' ? file.sha256.toLowerCase() : '';
  const problems: string[] = [];
  const url = typeof file?.url === 'string' ? file.url : '';
  if (url.length === 0) problems.push('url must be a non-empty string');
  if (!Number.isSafeInteger(file?.bytes) || file.bytes <= 0) problems.push(`bytes must be a positive integer, got ${String(file?.bytes)}`);
  if (file?.verifyFrom !== undefined && file.verifyFrom !== 'hub') problems.push(`verifyFrom must be 'hub' or absent, got ${JSON.stringify(file.verifyFrom)}`);
  if (file?.verifyFrom === 'hub' && sha256 === '') {
    if (url && !parseHubUrl(url)) {
      problems.push(
        "verifyFrom: 'hub' needs a Hugging Face Hub resolve URL (https://<host>/<owner>/<name>/resolve/<revision>/<path>) to read the size and sha256 from",
      );
    }
  } else if (!isSha256Hex(sha256)) {
    problems.push(`sha256 must be 64 hex digits${file?.verifyFrom === 'hub' ? '' : " (or '' with verifyFrom: 'hub')"}`);
  }
  if (problems.length > 0) {
    throw new InpaintError('model_integrity', `Invalid model file entry ${String(file?.url)}: ${problems.join('; ')}.`, {
      details: { url: file?.url },
    });
  }
  return { ...file, sha256 };
}

/**
 * True for a checked entry whose size and hash are read from the Hub (no sha256 recorded).
 *
 * @example
 * isHubVerified(checkModelFile(getModel('sd-turbo').files[0])); // true
 */
export function isHubVerified(file: ModelFile): boolean {
  return file.verifyFrom === 'hub' && file.sha256 === '';
}

/**
 * Whether a cache entry holds (or is downloading) the file a checked entry asks
 * for: the same sha256 and size as the manifest, or, for a Hub-verified entry,
 * any entry that pinned its size and hash when it was first downloaded.
 *
 * @example
 * const usable = (await listCachedModels()).filter((m) => m.complete && entryMatches(m, file));
 */
export function entryMatches(meta: CachedModel, file: ModelFile): boolean {
  if (!isHubVerified(file)) return meta.sha256 === file.sha256.toLowerCase() && meta.bytes === file.bytes;
  return isSha256Hex(meta.sha256) || (!meta.complete && isSha1Hex(meta.gitBlobSha1));
}

/**
 * The expected size and hash of a checked entry that is not Hub-verified, or of an existing entry.
 *
 * @example
 * const expected = meta ? pinnedFile(file, meta) : pinnedFile(file);
 */
export function pinnedFile(file: ModelFile, meta?: CachedModel): PinnedFile {
  if (!meta) return { url: file.url, bytes: file.bytes, sha256: file.sha256, hashSource: 'manifest' };
  const pinned: PinnedFile = { url: meta.url, bytes: meta.bytes, sha256: meta.sha256, hashSource: meta.hashSource ?? 'manifest' };
  if (meta.gitBlobSha1) pinned.gitBlobSha1 = meta.gitBlobSha1;
  return pinned;
}

/**
 * The name shown in progress events: a Hub file's path in its repository
 * (`unet/model.onnx`, so the four `model.onnx` of a diffusion model are told
 * apart), otherwise the URL's last path segment (`lama_fp32.onnx`).
 */
export function fileNameOf(file: ModelFile): string {
  const hubPath = parseHubUrl(file.url)?.path;
  if (hubPath) return hubPath;
  try {
    const path = new URL(file.url, 'http://x/').pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || file.url;
  } catch {
    return file.url;
  }
}
