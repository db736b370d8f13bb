/**
 * The built-in fill's identity, licence and description without its graph:
 * the manifest adds the I/O contract, which needs the graph generator (and
 * with it protobufjs), so the UI's catalog (models/catalog.ts) reads this instead.
 */
import type { ModelManifest } from '../manifest';

export const BUILTIN_FILL_INFO = {
  id: 'builtin-fill',
  family: 'builtin',
  version: '1.0.0',
  license: 'MIT',
  description:
    'Built-in fill generated in code: pull-push pyramid, harmonic then biharmonic smoothing, and seeded grain ' +
    'matched to the local detail. Needs no download; ignores the prompt.',
  files: [],
  promptGuided: false,
  serves: ['TURBO', 'DEFAULT', 'QUALITY'],
} as const satisfies Omit<ModelManifest, 'io' | 'backends'>;
