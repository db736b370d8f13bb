import type { TaskResponse } from '../request/types';

export interface InpaintCompleteDetail {
  /** The final task response, as `InpaintClient.get()` returns it. */
  response: TaskResponse;
  /** The first generated image. */
  blob: Blob;
  /** Every generated image, in `response.data.images` order. */
  blobs: Blob[];
}

/** Fired when a task completes with images. */
export type InpaintCompleteEvent = CustomEvent<InpaintCompleteDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'inpaint-complete': InpaintCompleteEvent;
  }
}
