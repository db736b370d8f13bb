/**
 * local-inpaint: fully local, in-browser inpainting with the hosted API's shape.
 * @packageDocumentation
 */
export { InpaintClient } from './client/inpaint-client';
export type { InpaintClientOptions, SubmitOptions, WaitOptions, TaskProgressDetail, InpaintClientEventMap } from './client/inpaint-client';
export { createLocalEndpoint, createLocalFetch } from './client/endpoint';
export { InpaintError, isInpaintError, isAbortError } from './shared/errors';
export type { InpaintErrorCode, InvalidParam } from './shared/errors';
export type { Backend, BackendPreference, Progress } from './shared/progress';
export { validateRequest, validateRequestShape } from './request/validate';
export * from './request/types';

// Element classes. Importing them does not register `<inpaint-editor>`: import
// `components/editor/editor` (or the built `inpaint-editor.js`) for that. The
// editor's own template needs `<inpaint-mask-canvas>`, which it registers.
export { InpaintEditor } from './components/editor/editor.component';
export { InpaintMaskCanvas, MASK_TOOLS, MIN_BRUSH_SIZE, MAX_BRUSH_SIZE } from './components/mask-canvas/mask-canvas.component';
export type { MaskTool } from './components/mask-canvas/mask-canvas.component';
export type { InpaintCompleteEvent, InpaintCompleteDetail } from './events/inpaint-complete';
export type { InpaintErrorEvent, InpaintErrorDetail } from './events/inpaint-error';
export type { InpaintMaskChangeEvent, InpaintMaskChangeDetail, MaskAction } from './events/inpaint-mask-change';
export type { InpaintProgressEvent, InpaintProgressDetail } from './events/inpaint-progress';
