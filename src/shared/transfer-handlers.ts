import { transferHandlers, type TransferHandler } from 'comlink';
import { InpaintError, type SerializedInpaintError } from './errors';

/**
 * Comlink's built-in "throw" handler keeps only name/message/stack, so an
 * InpaintError's `code` and `invalid_params` would be lost crossing the worker
 * boundary, and an AbortError would arrive as a plain Error. This wraps the
 * built-in handler (its marker symbol is private, so we delegate `canHandle`)
 * and must be installed on both sides of the channel.
 * See GoogleChromeLabs/comlink src/comlink.ts `throwTransferHandler`.
 */
type Thrown = { value: unknown };
type SerializedThrow =
  | { kind: 'inpaint'; error: SerializedInpaintError }
  | { kind: 'abort'; message: string }
  | { kind: 'error'; name: string; message: string; stack?: string }
  | { kind: 'value'; value: unknown };

let installed = false;

export function serializeThrown(value: unknown): SerializedThrow {
  if (value instanceof InpaintError) return { kind: 'inpaint', error: value.toJSON() };
  if (typeof value === 'object' && value !== null && (value as Error).name === 'AbortError') {
    return { kind: 'abort', message: (value as Error).message };
  }
  if (value instanceof Error) return { kind: 'error', name: value.name, message: value.message, stack: value.stack };
  return { kind: 'value', value };
}

export function deserializeThrown(s: SerializedThrow): unknown {
  switch (s.kind) {
    case 'inpaint':
      return InpaintError.fromJSON(s.error);
    case 'abort':
      return new DOMException(s.message, 'AbortError');
    case 'error':
      return Object.assign(new Error(s.message), { name: s.name, stack: s.stack });
    default:
      return s.value;
  }
}

/** Installs the error-preserving "throw" handler. Idempotent; call in both realms. */
export function installTransferHandlers(): void {
  if (installed) return;
  const builtin = transferHandlers.get('throw') as TransferHandler<Thrown, unknown> | undefined;
  if (!builtin) throw new Error('Comlink has no "throw" transfer handler to extend');
  const handler: TransferHandler<Thrown, SerializedThrow> = {
    canHandle: (value): value is Thrown => builtin.canHandle(value),
    serialize: ({ value }) => [serializeThrown(value), []],
    deserialize: (serialized) => {
      throw deserializeThrown(serialized);
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
  installed = true;
}
