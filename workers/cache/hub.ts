/**
 * Expected size and hash of a Hugging Face Hub file, read from the Hub's own
 * metadata for the revision in its URL: the path for manifest entries marked
 * `verifyFrom: 'hub'` whose sha256 is not recorded in the build.
 *
 * A resolve URL `https://<host>/<owner>/<name>/resolve/<revision>/<path>` maps
 * to the tree API of the same host, `GET <origin>/api/models/<owner>/<name>/tree/<revision>/<dir>`,
 * which lists one directory (no `/<dir>` for a file at the root). Each entry is
 * `{ type, oid, size, path, lfs?: { oid, size, pointerSize } }` with `path` the
 * full repository path: an LFS file's `lfs.oid` is the sha256 of its content and
 * `lfs.size` its size; a plain-git file has no `lfs`, and its `oid` is the git
 * blob SHA-1 of its content (git-blob.ts). Long listings are paged with a
 * `Link: <…>; rel="next"` header (huggingface.js `listFiles` follows it too).
 * Any host with that layout works (a mirror, the test server).
 */
import { InpaintError, abortReason, isAbortError } from '../../src/shared/errors';
import { isSha1Hex } from './git-blob';
import { isSha256Hex } from './sha256';

/** A file in a Hub repository, as named by its resolve URL. */
export interface HubFileRef {
  /** `https://huggingface.co` */
  origin: string;
  repoType: 'model' | 'dataset' | 'space';
  /** `owner/name`, or `name` for the Hub's few owner-less legacy models (`gpt2`). */
  repo: string;
  /** Branch, tag or commit, decoded (`refs/pr/1` arrives as `refs%2Fpr%2F1`). */
  revision: string;
  /** Full path in the repository, decoded: `unet/model.onnx`. */
  path: string;
}

/** What the Hub says a file must be: an LFS file's sha256, or a plain-git file's blob SHA-1. */
export type HubFileFacts = { bytes: number; sha256: string; apiUrl: string } | { bytes: number; gitBlobSha1: string; apiUrl: string };

const REPO_TYPES: Readonly<Record<string, HubFileRef['repoType']>> = { datasets: 'dataset', spaces: 'space' };
/** Pages of a directory listing followed at most (1000 entries a page on huggingface.co). */
const MAX_PAGES = 20;

/**
 * Parses a Hub resolve URL; undefined when it is not one. Path segments are
 * URL-decoded; the query (`?download=true`) and fragment are ignored.
 *
 * @example
 * parseHubUrl('https://huggingface.co/schmuell/sd-turbo-ort-web/resolve/main/unet/model.onnx');
 * // { origin: 'https://huggingface.co', repoType: 'model', repo: 'schmuell/sd-turbo-ort-web', revision: 'main', path: 'unet/model.onnx' }
 */
export function parseHubUrl(url: string): HubFileRef | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  let segments: string[];
  try {
    segments = parsed.pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined; // malformed %-escape
  }
  const repoType = REPO_TYPES[segments[0]] ?? 'model';
  if (repoType !== 'model') segments = segments.slice(1);
  // `<owner>/<name>/resolve/…`, or a legacy owner-less model `<name>/resolve/…`.
  const repoLength = segments[2] === 'resolve' ? 2 : segments[1] === 'resolve' && repoType === 'model' ? 1 : 0;
  if (repoLength === 0) return undefined;
  const repo = segments.slice(0, repoLength);
  const revision = segments[repoLength + 1];
  const path = segments.slice(repoLength + 2);
  if ([...repo, revision, ...path].some((s) => !s) || path.length === 0) return undefined;
  if (path.some((s) => s === '.' || s === '..' || s.includes('/'))) return undefined;
  return { origin: parsed.origin, repoType, repo: repo.join('/'), revision, path: path.join('/') };
}

/**
 * The tree API URL that lists the directory holding `ref.path`.
 *
 * @example
 * hubTreeUrl(parseHubUrl('https://huggingface.co/a/b/resolve/refs%2Fpr%2F1/unet/model.onnx')!);
 * // 'https://huggingface.co/api/models/a/b/tree/refs%2Fpr%2F1/unet'
 */
export function hubTreeUrl(ref: HubFileRef): string {
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  const dir = ref.path.includes('/') ? `/${encode(ref.path.slice(0, ref.path.lastIndexOf('/')))}` : '';
  return `${ref.origin}/api/${ref.repoType}s/${encode(ref.repo)}/tree/${encodeURIComponent(ref.revision)}${dir}`;
}

/**
 * Reads the expected size and hash of the file at `url` (a resolve URL) from
 * the Hub's tree API.
 *
 * @throws InpaintError `model_fetch` when the API cannot be reached or answers an
 *   HTTP error (the message names the API URL); `model_integrity` when `url` is
 *   not a Hub resolve URL, or the answer is not a listing with a usable entry for
 *   the file. An abort rejects with the signal's AbortError.
 * @example
 * const facts = await lookupHubFile(file.url, { fetch });
 * if ('sha256' in facts) console.log(facts.bytes, facts.sha256);
 */
export async function lookupHubFile(url: string, options: { fetch: typeof fetch; signal?: AbortSignal }): Promise<HubFileFacts> {
  const ref = parseHubUrl(url);
  if (!ref) throw notAHubUrl(url);
  const apiUrl = hubTreeUrl(ref);
  const integrity = (what: string, details: Record<string, unknown> = {}) =>
    new InpaintError(
      'model_integrity',
      `The Hugging Face Hub's metadata at ${apiUrl} ${what}, so ${url} cannot be verified and is not downloaded. ` +
        `Check the URL's repository, revision and path, or pass a verified entry (url, bytes, sha256) with the client's modelFiles option.`,
      { details: { url, apiUrl, ...details } },
    );

  let next: string | undefined = apiUrl;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const listing = await fetchListing(next, url, apiUrl, options);
    if (!Array.isArray(listing.body)) throw integrity('is not a JSON list of files');
    const entry = (listing.body as unknown[]).find((e) => isRecord(e) && e.path === ref.path);
    if (entry) return factsOf(entry as Record<string, unknown>, apiUrl, integrity);
    next = listing.next;
  }
  throw integrity(`does not list "${ref.path}" at revision "${ref.revision}"`, { path: ref.path, revision: ref.revision });
}

/**
 * `model_integrity` for an entry marked `verifyFrom: 'hub'` whose URL is not a resolve URL.
 *
 * @example
 * if (!parseHubUrl(url)) throw notAHubUrl(url);
 */
export function notAHubUrl(url: string): InpaintError {
  return new InpaintError(
    'model_integrity',
    `${url} is marked verifyFrom: 'hub' but is not a Hugging Face Hub resolve URL ` +
      `(https://<host>/<owner>/<name>/resolve/<revision>/<path>), so its size and sha256 cannot be read from the Hub. ` +
      `Give the entry its sha256, or a resolve URL.`,
    { details: { url } },
  );
}

function factsOf(
  entry: Record<string, unknown>,
  apiUrl: string,
  integrity: (what: string, details?: Record<string, unknown>) => InpaintError,
): HubFileFacts {
  if (entry.type !== 'file') throw integrity(`lists "${String(entry.path)}" as a ${String(entry.type)}, not a file`);
  const lfs = entry.lfs;
  if (isRecord(lfs)) {
    const sha256 = typeof lfs.oid === 'string' ? lfs.oid.toLowerCase() : '';
    if (!isSha256Hex(sha256) || !isPositiveSize(lfs.size)) {
      throw integrity(`gives no valid LFS sha256 and size for "${String(entry.path)}" (lfs: ${JSON.stringify(lfs)})`);
    }
    return { bytes: lfs.size, sha256, apiUrl };
  }
  if (lfs !== undefined && lfs !== null) throw integrity(`gives a malformed lfs field for "${String(entry.path)}"`);
  // Xet storage: the `oid` of a Xet file without LFS fields hashes a pointer, not the content.
  if (entry.xetHash !== undefined) throw integrity(`lists "${String(entry.path)}" as Xet-backed without an LFS sha256`);
  const gitBlobSha1 = typeof entry.oid === 'string' ? entry.oid.toLowerCase() : '';
  if (!isSha1Hex(gitBlobSha1) || !isPositiveSize(entry.size)) {
    throw integrity(`gives no valid git oid and size for "${String(entry.path)}" (oid ${JSON.stringify(entry.oid)}, size ${JSON.stringify(entry.size)})`);
  }
  return { bytes: entry.size, gitBlobSha1, apiUrl };
}

async function fetchListing(
  pageUrl: string,
  fileUrl: string,
  apiUrl: string,
  options: { fetch: typeof fetch; signal?: AbortSignal },
): Promise<{ body: unknown; next?: string }> {
  const fail = (what: string, details: Record<string, unknown>, cause?: unknown, advice = 'Retry when the Hub is reachable') =>
    new InpaintError(
      'model_fetch',
      `Could not read the Hugging Face Hub's metadata for ${fileUrl} from ${pageUrl}: ${what}. Its size and sha256 are read there before ` +
        `the first download. ${advice}, or pass a verified entry (url, bytes, sha256) with the client's modelFiles option.`,
      { details: { url: fileUrl, apiUrl, ...details }, cause },
    );
  let response: Response;
  try {
    // no-store: a branch (`main`) moves; the answer must be the revision's state now.
    response = await options.fetch(pageUrl, { headers: { accept: 'application/json' }, signal: options.signal, cache: 'no-store' });
  } catch (error) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    if (isAbortError(error)) throw error;
    throw fail(`network error (${String(error)})`, { status: 0 }, error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    // 401/403/404: no such repository, revision or folder, or a gated/private one (no token is sent): retrying will not help.
    const missing = response.status === 401 || response.status === 403 || response.status === 404;
    throw fail(
      `HTTP ${response.status} ${response.statusText}`.trim(),
      { status: response.status },
      undefined,
      missing ? 'Check the URL\'s repository, revision and path (gated or private repositories are not supported)' : undefined,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    if (isAbortError(error)) throw error;
    throw new InpaintError(
      'model_integrity',
      `The Hugging Face Hub's metadata at ${pageUrl} is not valid JSON (${String(error)}), so ${fileUrl} cannot be verified and is not downloaded.`,
      { details: { url: fileUrl, apiUrl }, cause: error },
    );
  }
  return { body, next: nextLink(response.headers.get('link'), pageUrl) };
}

/**
 * The `rel="next"` target of a Link header (RFC 8288), resolved against the page URL.
 *
 * @example
 * nextLink('</api/models/a/b/tree/main?cursor=x>; rel="next"', 'https://huggingface.co/api/models/a/b/tree/main');
 * // 'https://huggingface.co/api/models/a/b/tree/main?cursor=x'
 */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const link of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (!m) continue;
    const rel = m[2]
      .split(';')
      .map((p) => /^\s*rel\s*=\s*"?([^"]*)"?\s*$/i.exec(p)?.[1])
      .find((v) => v !== undefined);
    if (!rel?.toLowerCase().split(/\s+/).includes('next')) continue;
    try {
      return new URL(m[1], base).href;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
