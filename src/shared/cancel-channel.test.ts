import { describe, expect, it } from 'vitest';
import { openCancelChannel, signalFromPort } from './cancel-channel';

const nextMessage = (port: MessagePort) => new Promise<void>((resolve) => port.addEventListener('message', () => resolve(), { once: true }));

describe('cancel channel', () => {
  it('aborts the far end with an AbortError carrying the message, once', async () => {
    const sender = openCancelChannel();
    const { signal, close } = signalFromPort(sender.port);
    const reasons: unknown[] = [];
    signal.addEventListener('abort', () => reasons.push(signal.reason));
    let posted = 0;
    sender.port.addEventListener('message', () => posted++);
    expect(signal.aborted).toBe(false);
    const arrived = nextMessage(sender.port);
    sender.cancel('The task was canceled.');
    sender.cancel('again');
    await arrived;
    // A second cancel is never posted; give it the chance to arrive anyway.
    await new Promise((r) => setTimeout(r, 20));
    expect(signal.aborted).toBe(true);
    expect(reasons).toHaveLength(1);
    // The AbortController fires once anyway: count what crossed the port.
    expect(posted).toBe(1);
    expect(reasons[0]).toBeInstanceOf(DOMException);
    expect(reasons[0]).toMatchObject({ name: 'AbortError', message: 'The task was canceled.' });
    expect(() => signal.throwIfAborted()).toThrow('The task was canceled.');
    close();
    sender.close();
  });

  it('ignores other messages, and a closed end never aborts', async () => {
    const { port1, port2 } = new MessageChannel();
    const { signal, close } = signalFromPort(port2);
    const arrived = nextMessage(port2);
    port1.postMessage({ type: 'progress' });
    await arrived;
    expect(signal.aborted).toBe(false);
    close();
    port1.postMessage({ type: 'cancel', message: 'late' });
    await new Promise((r) => setTimeout(r, 20));
    expect(signal.aborted).toBe(false);
    port1.close();
  });

  it('without a port gives a signal that never aborts', () => {
    const { signal, close } = signalFromPort(undefined);
    expect(signal.aborted).toBe(false);
    expect(() => signal.throwIfAborted()).not.toThrow();
    close();
  });
});
