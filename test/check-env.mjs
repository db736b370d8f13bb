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
// The colour tests embed a free Adobe RGB profile from Debian (test/servers/global-setup.ts).
if (!['/usr/share/color/icc/compatibleWithAdobeRGB1998.icc', '/usr/share/color/icc/colord/AdobeRGB1998.icc'].some((p) => existsSync(p))) {
  console.error('No Adobe RGB ICC profile found for the colour tests. Install one with: sudo apt-get install -y icc-profiles-free');
  process.exit(1);
}
