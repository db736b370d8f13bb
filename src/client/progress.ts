import type { Progress } from '../shared/progress';

/**
 * The task's 0..1 `progress` from its progress events, for one run: it never
 * goes back. A download fills 0.02 → 0.6 of the bar (over all the model's
 * files when the event carries `overall`, as a diffusion model's six files do,
 * else over its own file); the compute steps then fill what is left up to 0.98,
 * from wherever the bar stands when the model is ready (0.12 without a download).
 *
 * @example
 * const progressOf = progressTracker();
 * worker.run(job, (event) => (record.progress = progressOf(event)));
 */
export function progressTracker(): (event: Progress) => number {
  let value = 0;
  let computeFrom: number | undefined;
  return (p) => {
    let next = value;
    switch (p.status) {
      case 'initiate':
        next = 0.02;
        break;
      case 'download': {
        const { loaded, total } = p.overall ?? p;
        next = 0.02 + 0.58 * (total > 0 ? Math.min(1, loaded / total) : 0);
        break;
      }
      case 'verify':
        break;
      case 'ready':
        computeFrom = Math.max(value, 0.12);
        next = computeFrom;
        break;
      case 'step': {
        const from = (computeFrom ??= Math.max(value, 0.12));
        next = from + (0.98 - from) * (p.total > 0 ? Math.min(1, p.index / p.total) : 0);
        break;
      }
      case 'done':
        next = 1;
        break;
    }
    value = Math.max(value, next);
    return value;
  };
}
