/**
 * The one error class the library raises. `code` is stable and machine-readable;
 * `message` says what was wrong and what is valid.
 *
 * Cancellation is not an InpaintError: callers get the platform's
 * `DOMException('…', 'AbortError')`, passed through untouched.
 */
export type InpaintErrorCode =
  | 'invalid_request'
  | 'image_decode'
  | 'model_not_found'
  | 'model_fetch'
  | 'model_integrity'
  | 'cache_quota'
  | 'backend_unavailable'
  | 'inference'
  | 'worker_crashed'
  | 'canceled'
  | 'not_found';

export const ERROR_CODES: readonly InpaintErrorCode[] = [
  'invalid_request',
  'image_decode',
  'model_not_found',
  'model_fetch',
  'model_integrity',
  'cache_quota',
  'backend_unavailable',
  'inference',
  'worker_crashed',
  'canceled',
  'not_found',
];

/** One rejected field, in the hosted API's `invalid_params` shape. */
export interface InvalidParam {
  name: string;
  reason: string;
}

export interface InpaintErrorOptions {
  invalidParams?: InvalidParam[];
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * @example
 * try { await client.submit(body); }
 * catch (e) { if (e instanceof InpaintError && e.code === 'invalid_request') console.table(e.invalid_params); }
 */
export class InpaintError extends Error {
  override readonly name = 'InpaintError';
  readonly code: InpaintErrorCode;
  /** Present for `invalid_request`: each bad field and why (snake_case, as the hosted API). */
  readonly invalid_params?: InvalidParam[];
  readonly details?: Record<string, unknown>;

  constructor(code: InpaintErrorCode, message: string, options: InpaintErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.invalidParams) this.invalid_params = options.invalidParams;
    if (options.details) this.details = options.details;
  }

  /** Plain-object form: survives structured clone, JSON and IndexedDB. */
  toJSON(): SerializedInpaintError {
    return {
      name: 'InpaintError',
      code: this.code,
      message: this.message,
      ...(this.invalid_params ? { invalid_params: this.invalid_params } : {}),
      ...(this.details ? { details: this.details } : {}),
      ...(this.stack ? { stack: this.stack } : {}),
    };
  }

  static fromJSON(json: SerializedInpaintError): InpaintError {
    const err = new InpaintError(json.code, json.message, {
      invalidParams: json.invalid_params,
      details: json.details,
    });
    if (json.stack) err.stack = json.stack;
    return err;
  }

  /** Builds the `invalid_request` error for a list of bad fields. */
  static invalidRequest(params: InvalidParam[]): InpaintError {
    const list = params.map((p) => `${p.name}: ${p.reason}`).join('; ');
    return new InpaintError('invalid_request', `Invalid request: ${list}`, { invalidParams: params });
  }
}

export interface SerializedInpaintError {
  name: 'InpaintError';
  code: InpaintErrorCode;
  message: string;
  invalid_params?: InvalidParam[];
  details?: Record<string, unknown>;
  stack?: string;
}

export function isInpaintError(value: unknown): value is InpaintError {
  return value instanceof InpaintError;
}

/** True for the platform's cancellation error (`DOMException` named `AbortError`). */
export function isAbortError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError';
}

/** The reason of an aborted signal, or a fresh AbortError if it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
