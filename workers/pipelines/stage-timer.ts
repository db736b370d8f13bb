/** Stage timings of a pipeline run, reported on the task as `timings`. */

/** Accumulates milliseconds per stage: `lap('model')` charges the time since the last lap. */
export function stageTimer(): { timings: Record<string, number>; lap(name: string): void } {
  const timings: Record<string, number> = {};
  let t = performance.now();
  return {
    timings,
    lap(name: string) {
      const now = performance.now();
      timings[name] = (timings[name] ?? 0) + (now - t);
      t = now;
    },
  };
}
