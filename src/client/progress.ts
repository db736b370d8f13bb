import type { Progress } from '../shared/progress';

/** Maps a progress event to the task's 0..1 `progress` (monotonic in the client). */
export function progressFraction(p: Progress): number {
  switch (p.status) {
    case 'initiate':
      return 0.02;
    case 'download':
      return 0.02 + 0.08 * (p.total > 0 ? p.loaded / p.total : 0);
    case 'verify':
      return 0.1;
    case 'ready':
      return 0.12;
    case 'step':
      return 0.12 + 0.86 * (p.total > 0 ? p.index / p.total : 0);
    case 'done':
      return 1;
  }
}
