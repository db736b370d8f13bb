/**
 * How a bench page hands its result to bench/harness.mjs: the harness polls
 * `window.__bench` until it holds `result` or `error`.
 */
declare global {
  interface Window {
    __bench: { result?: unknown; error?: string };
  }
}

export function reportWhenDone(work: () => Promise<unknown>): void {
  window.__bench = {};
  work().then(
    (result) => (window.__bench.result = result),
    (err) => (window.__bench.error = String(err?.stack ?? err)),
  );
}
