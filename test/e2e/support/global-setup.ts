/**
 * Vitest globalSetup for the e2e project: Vite's dev server on index.html (what
 * `npm run dev` serves) and the two production builds, started and made once
 * per run. The dev server is shared by editor, reload and tabs (each file has its
 * own Chromium, so its own storage), which then pay its module transforms once.
 * The builds are shared by every file that serves them (deploy, csp, embed,
 * package), instead of once per file (they were eight builds, each hashing
 * ORT's 28 MB .wasm). Files read the folders through `inject('e2eBuilds')`
 * and never write into them (a file that adds pages copies the build first).
 *
 * - `lib`: what `npm run build:lib` (the package's `prepack`) writes, made by
 *   running that script for real: the repository's dist/lib and dist/types,
 *   which package.e2e packs. A copy of dist/lib goes to a temporary folder,
 *   which the other files serve, so nothing they do depends on dist/ staying put.
 * - `app`: `vite build` (`npm run build` without the type check) into a temporary folder.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { ROOT } from './browser';
import { viteBuild } from './build';
import { startDevServer } from './servers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute folders of the shared builds (read-only for the tests). */
    e2eBuilds: { app: string; lib: string };
    /** Base URL of the shared Vite dev server on the repository, no trailing slash. */
    e2eDevServer: string;
  }
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'inpaint-e2e-builds-'));
  const app = path.join(tmp, 'app');
  const lib = path.join(tmp, 'lib');
  // The library build runs in its own process (npm), the app build in this one: they overlap.
  // NODE_ENV=production: Vitest sets it to test, which would make Vite pick Lit's development build.
  await Promise.all([
    promisify(execFile)(NPM, ['run', 'build:lib'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 << 20 }).then(() =>
      cp(path.join(ROOT, 'dist/lib'), lib, { recursive: true }),
    ),
    viteBuild(app),
  ]);
  project.provide('e2eBuilds', { app, lib });
  const dev = await startDevServer();
  project.provide('e2eDevServer', dev.url);
  return async () => {
    await dev.close();
    await rm(tmp, { recursive: true, force: true });
  };
}
