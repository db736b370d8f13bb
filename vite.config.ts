import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/chromium.mjs';
import { appServiceWorker } from './vite.pwa.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/**
 * `vite build --mode lib` (npm run build:lib): the package's JavaScript, for
 * pages with no bundler and for bundlers alike (package.json `exports`).
 * Not Vite's library mode: that inlines every asset as base64 whatever
 * `assetsInlineLimit` says (ORT's 28 and 14 MB .wasm builds, twice, inside the worker), so
 * this is an app build with JS entries instead. `base: './'` makes every chunk,
 * the worker and the .wasm resolve with `new URL('file', import.meta.url)`, so the
 * folder can be served from any path or origin, and a consumer's bundler
 * (Vite, webpack 5) copies the worker and the .wasm as assets and rewrites those URLs.
 * The worker is self-contained; the page sends it the .wasm builds' URLs
 * (workers/runtime/ort-wasm-url.ts). Dependencies are bundled in.
 */
const LIB_BUILD = {
  base: './',
  publicDir: false as const,
  build: {
    target: 'es2022',
    outDir: 'dist/lib',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: {
        'inpaint-editor': 'src/components/editor/editor.ts',
        'inpaint-mask-canvas': 'src/components/mask-canvas/mask-canvas.ts',
        'local-inpaint': 'src/index.ts',
      },
      // Keep the entries' exports (an app build would drop them as unused).
      preserveEntrySignatures: 'exports-only' as const,
      // Stable entry names for <script src>; shared chunks, the worker and the .wasm go to assets/.
      output: { entryFileNames: '[name].js' },
    },
  },
};

/**
 * `vite build` (npm run build): the demo app. `base: './'` makes the page, its
 * chunks, the worker and the .wasm resolve relative to index.html or to their
 * module, so `dist/` works at the site root and under any sub-path. Only this
 * build gets the manifest and service worker.
 */
const APP_BUILD = {
  base: './',
  build: { target: 'es2022' },
};

export default defineConfig(({ command, mode }) => ({
  ...(mode === 'lib' ? LIB_BUILD : APP_BUILD),
  plugins: command === 'build' && mode !== 'lib' ? [appServiceWorker()] : [],
  worker: { format: 'es' },
  optimizeDeps: {
    // ORT locates its .wasm relative to its own module; pre-bundling moves it.
    exclude: ['onnxruntime-web', 'onnxruntime-web/wasm'],
    // Everything the page and the worker import, pre-bundled at start: a
    // dependency discovered later (the worker's are found only when it starts)
    // makes Vite re-optimise and reload the page, which loses a running bench,
    // eval or e2e test.
    include: [
      'comlink',
      'lit',
      'lit/decorators.js',
      'idb-keyval',
      'exifr',
      '@noble/hashes/sha2.js',
      '@noble/hashes/legacy.js',
      '@noble/hashes/utils.js',
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{src,workers,models,test}/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          globalSetup: ['./test/servers/global-setup.ts'],
          include: ['{src,workers,models,test}/**/*.browser.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          // Playwright from Node against the real page (a Vite server or the built library).
          name: 'e2e',
          environment: 'node',
          // The app and library builds, once per run for every file (test/e2e/support/global-setup.ts).
          globalSetup: ['./test/e2e/support/global-setup.ts'],
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Each file starts its own server and Chromium: one file at a time, and only
          // after the unit and browser projects (group 0), so 2 cores are not shared three ways.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
}));
