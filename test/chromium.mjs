// The one list of Chromium launch settings, shared by vite.config.ts (Vitest
// browser and e2e projects) and the bench/eval harness (plain Node ESM).
// Measured on these machines: without the background-networking flags Chromium
// hammers a closed network; --enable-unsafe-webgpu exposes a real (SwiftShader)
// WebGPU adapter even without a GPU. Playwright must never download a browser:
// we launch Debian's.
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
