/**
 * local-inpaint: fully local, in-browser inpainting with the hosted API's shape.
 * @packageDocumentation
 */
export { InpaintClient } from './client/inpaint-client';
export type { InpaintClientOptions, SubmitOptions, WaitOptions, TaskProgressDetail, InpaintClientEventMap } from './client/inpaint-client';
export type { WarmupResult } from '../workers/pipelines/warmup';
export { createLocalEndpoint, createLocalFetch, API_PATH, EXPAND_API_PATH } from './client/endpoint';
export { InpaintError, isInpaintError, isAbortError } from './shared/errors';
export type { InpaintErrorCode, InvalidParam } from './shared/errors';
export type { Backend, BackendPreference, Progress } from './shared/progress';
export type { DeviceSupport, DeviceFacts, ModelSupport, BackendSupport } from './shared/device-support';
export { validateRequest, validateRequestShape } from './request/validate';
export { validateExpandRequest, validateExpandShape } from './request/validate-expand';
export * from './request/types';

// The elements' event types (types only: no Lit here). The element classes
// come with their registration, from `local-inpaint/editor` and
// `local-inpaint/mask-canvas` (dist/lib/inpaint-editor.js and
// inpaint-mask-canvas.js), so an app that uses only the API pays for no UI.
export type { MaskTool } from './components/mask-canvas/mask-canvas.component';
export type { InpaintCompleteEvent, InpaintCompleteDetail } from './events/inpaint-complete';
export type { InpaintErrorEvent, InpaintErrorDetail } from './events/inpaint-error';
export type { InpaintMaskChangeEvent, InpaintMaskChangeDetail, MaskAction } from './events/inpaint-mask-change';
export type { InpaintExpandChangeEvent, InpaintExpandChangeDetail } from './events/inpaint-expand-change';
export type { InpaintProgressEvent, InpaintProgressDetail } from './events/inpaint-progress';
