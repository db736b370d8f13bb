/**
 * Test helper (opfs-worker.browser.test.ts): runs `getModelFile` inside a
 * dedicated worker, where the cache runs in the app and OPFS chunk files are
 * read and written through sync access handles.
 */
import { createStore } from 'idb-keyval';
import { getModelFile } from './index';
import type { ModelFile } from './types';

const store = createStore('local-inpaint-weights-test-opfs-worker', 'files');

self.onmessage = async (e: MessageEvent<{ file: ModelFile; opfsDirectory: string }>) => {
  try {
    const bytes = await getModelFile(e.data.file, { modelId: 'worker', store, opfsDirectory: e.data.opfsDirectory });
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    self.postMessage({
      sha256: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join(''),
      syncHandles: 'createSyncAccessHandle' in FileSystemFileHandle.prototype,
    });
  } catch (error) {
    self.postMessage({ error: String(error), code: (error as { code?: string }).code });
  }
};
