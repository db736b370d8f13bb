import type { InpaintErrorCode, InvalidParam } from '../shared/errors';

export interface InpaintErrorDetail {
  /** The stable error code (`invalid_request`, `canceled`, `inference`, …). */
  code: InpaintErrorCode;
  message: string;
  /** Present for `invalid_request`: each bad field and why. */
  invalid_params?: InvalidParam[];
  /** The task the error belongs to, when a task was created. */
  task_id?: string;
}

/** Fired instead of throwing: components never throw from their handlers. */
export type InpaintErrorEvent = CustomEvent<InpaintErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'inpaint-error': InpaintErrorEvent;
  }
}
