/**
 * Webhook delivery from the browser: POST `{ task_id, status, generated }` to
 * the task's `webhook_url` on every status change.
 *
 * The payload is the hosted service's: Freepik documents `webhook_url` as "the
 * same as the corresponding GET endpoint response, but without the data field"
 * (https://docs.freepik.com/api-reference/image-expand/ideogram/expand-image).
 *
 * A page cannot POST JSON to an arbitrary receiver the way a server can:
 * `content-type: application/json` is not CORS-safelisted, so the browser sends
 * a preflight, and a receiver that does not answer it with CORS headers makes
 * `fetch` reject with a TypeError (https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
 * In that case we fall back to a "simple request" (`mode: 'no-cors'`,
 * `text/plain` body), which needs no preflight and still carries the JSON.
 * Its response is opaque, so such a delivery cannot be confirmed: a resolved
 * fetch counts as delivered and is never retried.
 */
import { abortReason } from '../shared/errors';
import type { WebhookPayload } from '../request/types';

export type WebhookMode = 'cors' | 'no-cors';

/** One fetch made by {@link deliverWebhook}, reported through `onAttempt`. */
export interface WebhookAttempt {
  /** 1-based count of fetches for this delivery (a no-cors fallback is its own attempt). */
  attempt: number;
  mode: WebhookMode;
  ok: boolean;
  /** HTTP status; absent for network errors and for opaque (no-cors) responses. */
  status?: number;
  error?: string;
}

export interface DeliverWebhookOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Retries after the first try, each after a backoff (default 4). */
  retries?: number;
  /** Backoff before retry n is `min(maxDelayMs, baseDelayMs * 2^(n-1))`, then jittered (default 500). */
  baseDelayMs?: number;
  /** Cap on any one backoff, Retry-After included (default 8000). */
  maxDelayMs?: number;
  /** Abortable sleep; inject to test timing without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  onAttempt?: (info: WebhookAttempt) => void;
  /** Where CORS failures are remembered (default: one cache shared by the page). */
  modeCache?: WebhookModeCache;
}

export interface WebhookDeliveryResult {
  /** True when a 2xx came back, or a no-cors request was sent (unconfirmable). */
  delivered: boolean;
  attempts: number;
  /** The mode of the last attempt. */
  mode: WebhookMode;
}

export const DEFAULT_WEBHOOK_RETRIES = 4;
export const DEFAULT_WEBHOOK_BASE_DELAY_MS = 500;
export const DEFAULT_WEBHOOK_MAX_DELAY_MS = 8000;

/**
 * Remembers receivers whose CORS check failed, so later deliveries skip the
 * doomed preflight. Keyed by origin + path rather than origin alone: CORS
 * headers are sent per response, and one server may allow CORS on one path and
 * not on another (our own test receiver does exactly that).
 */
export class WebhookModeCache {
  private readonly noCors = new Set<string>();

  private static key(url: URL): string {
    return url.origin + url.pathname;
  }

  modeFor(url: URL): WebhookMode {
    return this.noCors.has(WebhookModeCache.key(url)) ? 'no-cors' : 'cors';
  }

  rememberNoCors(url: URL): void {
    this.noCors.add(WebhookModeCache.key(url));
  }

  clear(): void {
    this.noCors.clear();
  }
}

const sharedModeCache = new WebhookModeCache();

/** Statuses worth another try: the receiver is overloaded or briefly down. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** `setTimeout` as a promise that rejects with the signal's reason on abort. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Exponential backoff with "equal jitter": half the capped delay is fixed and
 * half is random, so retries from many tabs spread out while every wait stays
 * within [cap/2, cap] and never exceeds `maxDelayMs`. A Retry-After from the
 * receiver raises the wait, still within `maxDelayMs`.
 */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const capped = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  const jittered = capped / 2 + (capped / 2) * Math.min(Math.max(random(), 0), 1);
  return Math.round(Math.min(maxDelayMs, Math.max(jittered, retryAfterMs ?? 0)));
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Bodies a keepalive fetch may carry: the Fetch spec fails a keepalive request once the
 * page's in-flight keepalive bodies pass 64 KiB (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch),
 * so a payload with images inside is sent without it.
 */
const KEEPALIVE_MAX_BYTES = 60 * 1024;

function requestInit(mode: WebhookMode, body: string, signal: AbortSignal | undefined): RequestInit {
  return {
    method: 'POST',
    mode,
    // text/plain is CORS-safelisted, so the no-cors request needs no preflight.
    headers: { 'content-type': mode === 'cors' ? 'application/json' : 'text/plain;charset=UTF-8' },
    body,
    // keepalive lets a delivery outlive the page (a tab closed right after COMPLETED).
    keepalive: body.length <= KEEPALIVE_MAX_BYTES,
    credentials: 'omit',
    ...(signal ? { signal } : {}),
  };
}

/**
 * POSTs a webhook payload, retrying with bounded exponential backoff. It never
 * throws for a failed delivery (it resolves `{ delivered: false }`); only an
 * AbortError from `signal` passes through.
 *
 * Rules: 2xx is delivered; 5xx, 408, 429 and network errors are retried; other
 * statuses are final. A TypeError in CORS mode (no CORS on the receiver, or the
 * network) triggers an immediate no-cors try; if that one resolves, the
 * receiver is remembered as no-cors. At most `retries` backoffs happen.
 *
 * @example
 * const result = await deliverWebhook('https://example.com/hook', { task_id, status: 'COMPLETED', generated });
 * if (!result.delivered) console.warn('webhook not delivered after', result.attempts, 'attempts');
 */
export async function deliverWebhook(
  url: string,
  payload: WebhookPayload,
  options: DeliverWebhookOptions = {},
): Promise<WebhookDeliveryResult> {
  const {
    signal,
    retries = DEFAULT_WEBHOOK_RETRIES,
    baseDelayMs = DEFAULT_WEBHOOK_BASE_DELAY_MS,
    maxDelayMs = DEFAULT_WEBHOOK_MAX_DELAY_MS,
    sleep = abortableSleep,
    random = Math.random,
    onAttempt,
    modeCache = sharedModeCache,
  } = options;
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (signal?.aborted) throw abortReason(signal);

  let target: URL;
  try {
    target = new URL(url, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    return { delivered: false, attempts: 0, mode: 'cors' };
  }
  const body = JSON.stringify(payload);
  let attempts = 0;
  let mode: WebhookMode = 'cors';

  /** Reports an attempt; a throwing logging hook must not break delivery. */
  const report = (info: WebhookAttempt): void => {
    try {
      onAttempt?.(info);
    } catch {
      /* ignored on purpose */
    }
  };

  /** One fetch: the response, or the error of a failed try. Only our own abort escapes. */
  const attempt = async (tryMode: WebhookMode): Promise<Response | { error: unknown }> => {
    attempts += 1;
    mode = tryMode;
    try {
      return await fetchImpl(target.href, requestInit(tryMode, body, signal));
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      // Includes an AbortError we did not ask for (e.g. a fetch wrapper's timeout): a failed try.
      report({ attempt: attempts, mode: tryMode, ok: false, error: describe(error) });
      return { error };
    }
  };

  for (let round = 0; round <= retries; round++) {
    let waitHint: number | undefined;
    const startMode = modeCache.modeFor(target);
    const outcome = await attempt(startMode);

    if (outcome instanceof Response) {
      if (startMode === 'no-cors') {
        // Opaque: the status is unreadable, so the send itself is all we can know.
        report({ attempt: attempts, mode, ok: true });
        return { delivered: true, attempts, mode };
      }
      report({ attempt: attempts, mode, ok: outcome.ok, status: outcome.status });
      if (outcome.ok) return { delivered: true, attempts, mode };
      if (!isRetryableStatus(outcome.status)) return { delivered: false, attempts, mode };
      waitHint = retryAfterMs(outcome);
    } else if (startMode === 'cors' && outcome.error instanceof TypeError) {
      // A failed preflight and a dead network look the same to a page; the simple request tells them apart.
      const fallback = await attempt('no-cors');
      if (fallback instanceof Response) {
        modeCache.rememberNoCors(target);
        report({ attempt: attempts, mode, ok: true });
        return { delivered: true, attempts, mode };
      }
    }

    if (round === retries) break;
    await sleep(backoffDelay(round + 1, baseDelayMs, maxDelayMs, random, waitHint), signal);
    if (signal?.aborted) throw abortReason(signal);
  }
  return { delivered: false, attempts, mode };
}

/** How a webhook payload carries a completed task's images. */
export type WebhookImages = 'url' | 'data-url';

/** Default cap on the images inlined in one payload (`webhook.maxImageBytes`), before base64. */
export const DEFAULT_WEBHOOK_MAX_IMAGE_BYTES = 16 * 1024 * 1024;

/**
 * The payload's `generated` as `data:` URLs, so that a receiver outside the page (a desktop
 * app, a script on localhost) gets the images themselves; `blob:` URLs open only in the
 * submitting page. Over `maxBytes` (the images' bytes, before base64's +33 %) the
 * `blob:` URLs are kept and `generated_note` says why.
 *
 * @example
 * const payload = await inlineImages({ task_id, status: 'COMPLETED', generated: urls }, blobs, 16 * 1024 * 1024);
 */
export async function inlineImages(payload: WebhookPayload, images: readonly Blob[], maxBytes: number): Promise<WebhookPayload> {
  const bytes = images.reduce((sum, b) => sum + b.size, 0);
  if (bytes > maxBytes) {
    return {
      ...payload,
      generated_note: `the ${images.length} image(s) are ${bytes} bytes, over webhook.maxImageBytes (${maxBytes}); generated holds blob: URLs of the submitting page`,
    };
  }
  return { ...payload, generated: await Promise.all(images.map(dataUrl)) };
}

/** A Blob as a `data:<type>;base64,` URL (chunked: String.fromCharCode takes a bounded argument list). */
async function dataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type || 'application/octet-stream'};base64,${btoa(binary)}`;
}

export interface WebhookDispatcherOptions extends Omit<DeliverWebhookOptions, 'signal'> {
  /** Called once per payload with its final outcome (for logging). */
  onResult?: (payload: WebhookPayload, result: WebhookDeliveryResult | { aborted: true }) => void;
}

/**
 * Fire-and-forget delivery that keeps each task's payloads in status order:
 * a task's next payload is sent only after the previous one has been delivered
 * or given up on, while different tasks deliver independently. `dispatch()`
 * returns at once and its deliveries can never fail the caller.
 *
 * @example
 * const webhooks = new WebhookDispatcher();
 * webhooks.dispatch(task.webhook_url, { task_id, status: 'IN_PROGRESS', generated: [] });
 */
export class WebhookDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();

  constructor(private readonly options: WebhookDispatcherOptions = {}) {}

  /** Queues a delivery behind the task's earlier ones; never throws, never blocks. */
  dispatch(url: string, payload: WebhookPayload): void {
    if (this.controller.signal.aborted) return;
    const previous = this.chains.get(payload.task_id) ?? Promise.resolve();
    const next = previous.then(() => this.deliverOne(url, payload));
    this.chains.set(payload.task_id, next);
    void next.then(() => {
      // Drop finished chains so that a long session does not keep one per task.
      if (this.chains.get(payload.task_id) === next) this.chains.delete(payload.task_id);
    });
  }

  /** Resolves when every queued delivery (or those of one task) has settled. */
  async idle(taskId?: string): Promise<void> {
    if (taskId !== undefined) {
      await this.chains.get(taskId);
      return;
    }
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  /** Abandons pending and in-flight deliveries (for shutdown); later dispatches are ignored. */
  dispose(): void {
    this.controller.abort();
  }

  private async deliverOne(url: string, payload: WebhookPayload): Promise<void> {
    const { onResult, ...deliverOptions } = this.options;
    let outcome: WebhookDeliveryResult | { aborted: true };
    try {
      outcome = await deliverWebhook(url, payload, { ...deliverOptions, signal: this.controller.signal });
    } catch {
      // Only an abort reaches here (deliverWebhook never throws otherwise); it ends this delivery quietly.
      outcome = { aborted: true };
    }
    try {
      onResult?.(payload, outcome);
    } catch {
      /* a logging hook must not break the task's chain */
    }
  }
}
