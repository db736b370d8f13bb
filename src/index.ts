/**
 * local-inpaint: fully local, in-browser inpainting with the hosted API's shape.
 * @packageDocumentation
 */
export { InpaintClient } from './client/inpaint-client';
export type { InpaintClientOptions, WaitOptions, TaskProgressDetail, InpaintClientEventMap } from './client/inpaint-client';
export { createLocalEndpoint, createLocalFetch } from './client/endpoint';
export { InpaintError, isInpaintError, isAbortError } from './shared/errors';
export type { InpaintErrorCode, InvalidParam } from './shared/errors';
export type { Backend, BackendPreference, Progress } from './shared/progress';
export { validateRequest, validateRequestShape } from './request/validate';
export * from './request/types';
