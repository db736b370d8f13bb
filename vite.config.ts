import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

/**
 * Chromium flags measured on these machines: without the background-networking
 * flags Chromium hammers a closed network; --enable-unsafe-webgpu exposes a real
 * (SwiftShader) WebGPU adapter even without a GPU.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  worker: { format: 'es' },
  optimizeDeps: {
    // ORT locates its .wasm relative to its own module; pre-bundling moves it.
    exclude: ['onnxruntime-web'],
  },
  build: {
    target: 'es2022',
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{src,workers,models,test}/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', 'node_modules/**'],
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
    ],
  },
});
