#!/usr/bin/env node
// Runs before `npm test`: the browser project needs Debian's Chromium. Fail
// early with the fix rather than with a Playwright stack trace.
import { existsSync } from 'node:fs';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}
if (!existsSync(new URL('../node_modules/vitest', import.meta.url))) {
  console.error('Dependencies are missing: run npm ci first.');
  process.exit(1);
}
