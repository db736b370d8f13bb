/**
 * index.html: the full editor (built-in model until one is picked in Options → Model). `?backend=wasm|webgpu|auto`
 * picks the backend (default auto). The editor's `client` property is the live
 * InpaintClient, which the e2e tests drive through `page.evaluate`.
 */
import '../components/editor/editor';
import type { BackendPreference } from '../shared/progress';

const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'wasm'];

const editor = document.querySelector('inpaint-editor');
if (!editor) throw new Error('index.html has no <inpaint-editor>');
const requested = new URLSearchParams(location.search).get('backend') as BackendPreference | null;
// Set before the first update: the editor creates its client then, with this backend.
if (requested && BACKENDS.includes(requested)) editor.backend = requested;
