/**
 * An asset URL from a Vite `?url` or `?worker&url` import, made absolute.
 *
 * The library build already gives absolute URLs (`new URL('file', import.meta.url).href`);
 * the app build and the dev server give root-relative ones, resolved here against
 * the page (or, in the worker, the worker's own URL).
 *
 * Never written `new URL(url, import.meta.url)`: webpack 5 reads that pattern
 * with a variable as a request for every file in the folder, and the app that
 * bundled us then throws "Cannot find module '<the URL>'" at run time.
 */
export function absoluteUrl(url: string): string {
  return new URL(url, globalThis.location?.href ?? import.meta.url).href;
}
