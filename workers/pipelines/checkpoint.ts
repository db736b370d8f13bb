/**
 * Cooperative cancellation points for the pipelines.
 *
 * The cancel arrives as a `message` event on the call's port
 * (src/shared/cancel-channel.ts), and an event is only dispatched between
 * tasks. On single-threaded WASM `session.run` computes synchronously and the
 * awaits around it resolve as microtasks, so a denoise loop never leaves its
 * task and the cancel would wait for the whole job. A checkpoint therefore
 * yields one macrotask first, then looks at the signal.
 *
 * The yield is a posted message, not `scheduler.yield()`: a yield continuation
 * is scheduled ahead of the tasks already queued
 * (https://developer.chrome.com/blog/use-scheduler-yield), so a waiting cancel
 * message could still be passed over, while a posted message queues behind it.
 * Not `setTimeout(0)` either: nested timers are clamped to 4 ms.
 */

/**
 * Resolves in a new task, after the messages already queued for this realm.
 *
 * @example
 * await yieldToEventLoop(); // a pending cancel message has been handled now
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/**
 * A cancellation point between two stages: lets a pending cancel in, then
 * throws the signal's AbortError if it fired. Costs one task hop (microseconds).
 *
 * @example
 * for (const t of timesteps) {
 *   await checkpoint(ctx.signal);
 *   eps = await unet(t);
 * }
 */
export async function checkpoint(signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  await yieldToEventLoop();
  signal.throwIfAborted();
}
