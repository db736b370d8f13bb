/**
 * Pure HTTP Range bookkeeping for resumable downloads (RFC 9110 §14): the
 * request header, the `Content-Range` parser, and what to do with a response.
 */

/** `Range: bytes=N-` for a resume from byte `start`; undefined for a fresh download. */
export function rangeHeader(start: number): string | undefined {
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`range start must be a non-negative integer, got ${start}`);
  return start === 0 ? undefined : `bytes=${start}-`;
}

export interface ContentRange {
  start: number;
  /** Inclusive, as in the header. */
  end: number;
  /** Undefined when the server wrote `*` (length unknown). */
  total: number | undefined;
}

const CONTENT_RANGE = /^\s*bytes\s+(\d+)-(\d+)\s*\/\s*(\d+|\*)\s*$/i;

/** Parses `Content-Range: bytes 100-199/1000`; null when absent or malformed. */
export function parseContentRange(value: string | null | undefined): ContentRange | null {
  if (!value) return null;
  const m = CONTENT_RANGE.exec(value);
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const total = m[3] === '*' ? undefined : Number(m[3]);
  if (end < start || (total !== undefined && end >= total)) return null;
  return { start, end, total };
}

/** What the downloader does with a response. */
export type ResponsePlan =
  /** Read the body and write it at `offset` (0 for a full response). */
  | { kind: 'read'; offset: number }
  /** A 206 for some other range: drop the body, forget stored bytes, ask again without Range. */
  | { kind: 'refetch'; reason: string }
  /** The server's idea of the file size differs from the manifest: wrong file. */
  | { kind: 'size_mismatch'; serverBytes: number }
  /** Not a usable status. */
  | { kind: 'http_error'; status: number };

export interface ResponseFacts {
  status: number;
  contentRange: string | null;
  contentLength: string | null;
  /** A compressed body's Content-Length is not the file size. */
  contentEncoding: string | null;
}

/**
 * Decides how to use a response to a request that asked for bytes from
 * `requestedStart` (0: no Range header sent) of a file of `expectedBytes`.
 *
 * - 206 whose range starts where we asked: append (resume).
 * - 200: the server sent the whole file (it ignored Range, or none was sent):
 *   start over at 0. A resume must then discard its stored prefix.
 * - A Content-Length/Content-Range total that contradicts the manifest size is
 *   reported before any byte is read, so a wrong file is not downloaded whole.
 */
export function planResponse(facts: ResponseFacts, requestedStart: number, expectedBytes: number): ResponsePlan {
  if (facts.status === 206) {
    const range = parseContentRange(facts.contentRange);
    // Content-Range may be hidden by a server that does not expose it to CORS;
    // then trust the 206: the sha256 at the end still guards the result.
    if (range === null) return { kind: 'read', offset: requestedStart };
    if (range.total !== undefined && range.total !== expectedBytes) return { kind: 'size_mismatch', serverBytes: range.total };
    if (range.start !== requestedStart) {
      return { kind: 'refetch', reason: `asked for bytes from ${requestedStart}, got ${range.start}-${range.end}` };
    }
    return { kind: 'read', offset: requestedStart };
  }
  if (facts.status === 200) {
    const length = facts.contentLength === null ? NaN : Number(facts.contentLength);
    const identity = facts.contentEncoding === null || facts.contentEncoding.toLowerCase() === 'identity';
    if (identity && Number.isSafeInteger(length) && length !== expectedBytes) return { kind: 'size_mismatch', serverBytes: length };
    return { kind: 'read', offset: 0 };
  }
  return { kind: 'http_error', status: facts.status };
}
