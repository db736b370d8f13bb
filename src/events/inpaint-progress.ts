import type { Progress } from '../shared/progress';

export interface InpaintProgressDetail {
  task_id: string;
  /** The task's monotonic 0..1 progress, as the client reports it. */
  progress: number;
  /** The worker's progress event (download bytes, backend, steps), when there is one. */
  event?: Progress;
}

/** Fired while a task runs, once per progress report from the client. */
export type InpaintProgressEvent = CustomEvent<InpaintProgressDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'inpaint-progress': InpaintProgressEvent;
  }
}
