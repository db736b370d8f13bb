/**
 * Runs the real `vite build` (the app, or `--mode lib`) into a temporary
 * folder, so the repository's dist/ is left alone.
 */
import path from 'node:path';
import { build, type InlineConfig } from 'vite';
import { ROOT } from './browser';

export async function viteBuild(outDir: string, options: { mode?: 'production' | 'lib'; plugins?: InlineConfig['plugins'] } = {}): Promise<void> {
  // Vitest sets NODE_ENV=test, which would make Vite pick Lit's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: path.join(ROOT, 'vite.config.ts'),
      mode: options.mode ?? 'production',
      logLevel: 'error',
      plugins: options.plugins,
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
