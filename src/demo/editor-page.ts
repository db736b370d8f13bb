/**
 * index.html: the full editor (built-in model until one is picked in Options → Model). `?backend=wasm|webgpu|auto`
 * picks the backend (default auto). The editor's `client` property is the live
 * InpaintClient, which the e2e tests drive through `page.evaluate`. In a build,
 * the page also registers the app's service worker (offline use, install, updates).
 */
import '../components/editor/editor';
import type { BackendPreference } from '../shared/progress';
import { registerAppServiceWorker } from './app-update';

const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'wasm'];

const editor = document.querySelector('inpaint-editor');
if (!editor) throw new Error('index.html has no <inpaint-editor>');
const requested = new URLSearchParams(location.search).get('backend') as BackendPreference | null;
// Set before the first update: the editor creates its client then, with this backend.
if (requested && BACKENDS.includes(requested)) editor.backend = requested;

const banner = document.getElementById('app-update');
if (banner) {
  registerAppServiceWorker(banner, () => editor.client).catch((err) => {
    // Offline use is an extra: the editor works without it.
    console.warn('[local-inpaint] service worker not registered:', err);
  });
}
