/**
 * What an image-like request field may hold, decided without touching bytes.
 *
 * Shared by the shape checks (validate-shape.ts) and by resolve.ts, so that a
 * string is classified one way only. Every `instanceof` is guarded by a
 * `typeof X !== 'undefined'` check because Node has Blob but neither
 * ImageBitmap nor ImageData.
 */

/** How an accepted image string is to be read. */
export type ImageString =
  | { kind: 'url'; url: URL }
  | { kind: 'base64'; base64: string };

/** Hosts for which plain http is allowed: development servers on this machine only. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What an image field accepts, for reasons: every rejection says what is valid. */
export const VALID_IMAGE_INPUTS =
  'an https URL (http only for localhost, 127.0.0.1 or [::1]), a data:image/...;base64, URL, a bare base64 string, a Blob/File, an ImageBitmap or an ImageData';

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE_RE = /\s+/g;

/** True for `http:` URLs that point at this machine. */
export function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
}

/**
 * Checks base64 text (whitespace ignored, as in MIME bodies and pasted data URLs).
 * Returns the compacted text, or a reason.
 */
export function checkBase64(text: string): { base64: string } | { reason: string } {
  const base64 = text.replace(WHITESPACE_RE, '');
  if (base64.length === 0) return { reason: 'is empty base64' };
  // A length of 1 mod 4 cannot come from any byte string; padding may otherwise be omitted.
  if (!BASE64_RE.test(base64) || base64.length % 4 === 1 || (base64.includes('=') && base64.length % 4 !== 0)) {
    return { reason: 'is not valid base64 (expected the characters A-Z a-z 0-9 + / with optional = padding)' };
  }
  return { base64 };
}

/** Bytes that `base64` decodes to, computed from its length alone (no decoding). */
export function decodedBase64Length(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/**
 * Classifies an image string: an https or localhost-http URL, a `data:image/*;base64,` URL,
 * or bare base64. Anything else yields a reason that lists what is valid.
 * @example
 * classifyImageString('https://example.com/cat.png'); // { kind: 'url', url }
 */
export function classifyImageString(value: string): ImageString | { reason: string } {
  const text = value.trim();
  if (text.length === 0) return { reason: `is an empty string; expected ${VALID_IMAGE_INPUTS}` };
  if (/^data:/i.test(text)) {
    const match = /^data:(image\/[a-z0-9.+-]+)?((?:;[^;,]*)*?);base64,/i.exec(text);
    if (!match || !match[1]) {
      return { reason: 'is a data: URL that is not data:image/...;base64,... (only base64-encoded image data URLs are accepted)' };
    }
    const checked = checkBase64(text.slice(match[0].length));
    return 'reason' in checked ? { reason: `is a data: URL whose payload ${checked.reason}` } : { kind: 'base64', base64: checked.base64 };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { reason: `is not a valid URL; expected ${VALID_IMAGE_INPUTS}` };
    }
    if (url.protocol === 'https:' || isLocalHttp(url)) return { kind: 'url', url };
    if (url.protocol === 'http:') {
      return { reason: `uses http for host "${url.hostname}"; use https (http is allowed only for localhost, 127.0.0.1 and [::1])` };
    }
    return { reason: `uses the unsupported scheme "${url.protocol}"; expected ${VALID_IMAGE_INPUTS}` };
  }
  const checked = checkBase64(text);
  if ('reason' in checked) return { reason: `is neither a URL nor base64: it ${checked.reason}; expected ${VALID_IMAGE_INPUTS}` };
  return { kind: 'base64', base64: checked.base64 };
}

export function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

export function isImageBitmap(value: unknown): value is ImageBitmap {
  return typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap;
}

export function isImageData(value: unknown): value is ImageData {
  return typeof ImageData !== 'undefined' && value instanceof ImageData;
}

/** Names a value's type for messages ("number", "array", "object"…). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value}`;
}

/**
 * Shape check of one image-like field. Returns a reason, or `undefined` when the
 * value is acceptable before its bytes are looked at.
 */
export function checkImageInput(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const classified = classifyImageString(value);
    return 'reason' in classified ? classified.reason : undefined;
  }
  if (isBlob(value) || isImageData(value)) return undefined;
  if (isImageBitmap(value)) {
    // A closed ImageBitmap reports 0×0 and cannot be drawn.
    return value.width === 0 || value.height === 0 ? 'is an ImageBitmap of size 0x0 (was it closed?)' : undefined;
  }
  return `is ${describeType(value)}; expected ${VALID_IMAGE_INPUTS}`;
}
