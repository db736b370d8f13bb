/**
 * The cancel channel of one worker call. The client keeps one end of a
 * `MessageChannel` and transfers the other with the call (`Comlink.transfer`);
 * a message on it aborts an `AbortSignal` inside the worker, which the
 * pipelines check between steps. Both realms use this file, so the message
 * shape lives in one place.
 *
 * A port rather than a `Comlink.proxy` callback: one message and no round
 * trip, no proxy to release, and a port that is closed or dropped simply never
 * fires (the call then runs to its end).
 */

interface CancelMessage {
  type: 'cancel';
  message: string;
}

/** The client's end of a cancel channel. */
export interface CancelSender {
  /** Transfer this port with the call: `transfer(sender.port, [sender.port])`. */
  readonly port: MessagePort;
  /** Asks the worker's side to abort (idempotent). */
  cancel(message?: string): void;
  /** Closes the client's end once the call has settled. */
  close(): void;
}

/**
 * Opens a cancel channel; the returned `port` goes to the worker.
 *
 * @example
 * const sender = openCancelChannel();
 * const work = remote.run(job, proxy(onProgress), transfer(sender.port, [sender.port]));
 * signal.addEventListener('abort', () => sender.cancel());
 */
export function openCancelChannel(): CancelSender {
  const { port1, port2 } = new MessageChannel();
  let sent = false;
  return {
    port: port2,
    cancel(message = 'The task was canceled.') {
      if (sent) return;
      sent = true;
      port1.postMessage({ type: 'cancel', message } satisfies CancelMessage);
    },
    close() {
      port1.close();
    },
  };
}

/**
 * The worker's end: an `AbortSignal` that aborts with a `DOMException` named
 * `AbortError` when the client cancels. Without a port (a direct call, e.g. in
 * tests) the signal never aborts. `close()` when the call ends.
 *
 * @example
 * const { signal, close } = signalFromPort(cancelPort);
 * try { return await work(signal); } finally { close(); }
 */
export function signalFromPort(port: MessagePort | undefined): { signal: AbortSignal; close(): void } {
  const controller = new AbortController();
  if (!port) return { signal: controller.signal, close: () => {} };
  port.onmessage = (e: MessageEvent<CancelMessage>) => {
    if (e.data?.type === 'cancel' && !controller.signal.aborted) controller.abort(new DOMException(e.data.message, 'AbortError'));
  };
  return {
    signal: controller.signal,
    close() {
      port.onmessage = null;
      port.close();
    },
  };
}
