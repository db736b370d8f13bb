/**
 * The demo app's web app manifest and service worker (vite-plugin-pwa's
 * generateSW, i.e. Workbox 7). Only the app build uses it: the library build
 * (`--mode lib`) must never put a service worker on a host's page.
 *
 * Everything is relative (`./`), so one `dist/` works at the site root and
 * under any sub-path: the manifest's scope and start URL, the icons, and the
 * precache URLs (Workbox resolves them against the service worker's own URL).
 */
import { VitePWA } from 'vite-plugin-pwa';

/** The favicon's blue: the installed app's title bar. */
const THEME = '#2563eb';

export function appServiceWorker() {
  return VitePWA({
    // The page registers the worker itself (src/demo/service-worker.ts) and asks
    // before swapping versions, so no script is injected and `skipWaiting` stays off.
    injectRegister: false,
    registerType: 'prompt',
    includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
    manifest: {
      name: 'local-inpaint editor',
      short_name: 'Inpaint',
      description: 'Edit photos with inpainting that runs entirely on this device: nothing is uploaded.',
      id: './',
      start_url: './',
      scope: './',
      display: 'standalone',
      theme_color: THEME,
      background_color: '#f6f8fa',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      // The app shell, every JS chunk (the inference worker included) and ORT's two .wasm builds
      // (JSEP for WebGPU sessions, plain for WASM ones: workers/runtime/ort-env.ts); the plugin
      // adds the manifest, its icons and `includeAssets`. Model weights are not files of the build:
      // they live in the worker's IndexedDB cache and are never cached a second time. Source maps
      // are for debugging online only.
      globPatterns: ['**/*.{html,js,css,wasm}'],
      globIgnores: ['**/*.map'],
      // ORT's .wasm builds are ≈ 28 and 14 MB; Workbox's default limit (2 MiB) would silently leave them out.
      maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
      // Hashed file names are their own revision: no `?__WB_REVISION__` cache-busting query.
      dontCacheBustURLsMatching: /^assets\//,
      // A reload of the page with a query (`?backend=wasm`) still gets the precached page offline.
      // Only the app's own page: any other navigation goes to the network untouched.
      navigateFallback: 'index.html',
      navigateFallbackAllowlist: [/\/(index\.html)?(\?.*)?$/],
      // No runtimeCaching: cross-origin requests (model downloads, webhooks, image URLs) and
      // same-origin files outside the build (self-hosted weights) pass through to the network.
      runtimeCaching: [],
      cleanupOutdatedCaches: true,
      clientsClaim: false,
      skipWaiting: false,
    },
  });
}
