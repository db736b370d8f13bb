/**
 * Chunk bytes in the Origin Private File System: one file per chunk,
 * `<directory>/<sha256 of the URL>/<index>`. Reading a chunk file back costs
 * one copy from disk (straight into the caller's buffer inside a worker,
 * through `createSyncAccessHandle`), where an IndexedDB record costs a
 * structured-clone deserialisation and a copy; on this machine that makes a
 * 208 MB read several times faster (README.md, "Storage layout").
 *
 * Metadata stays in IndexedDB (store.ts). A chunk file is written and closed
 * before the metadata that counts it, so after a crash the metadata may miss a
 * chunk file that exists (it is overwritten by the next append), never the
 * other way round.
 */
import { bytesToHex } from '@noble/hashes/utils.js';

/** OPFS, where this realm has it (secure contexts of current browsers). */
export async function opfsRoot(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    return typeof navigator !== 'undefined' && navigator.storage?.getDirectory ? await navigator.storage.getDirectory() : undefined;
  } catch {
    return undefined; // e.g. a private window that refuses it
  }
}

/** True inside a dedicated worker, where `createSyncAccessHandle` exists. */
function syncHandles(): boolean {
  return typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype &&
    typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

/** The folder name of one URL: its sha256 (URLs can be longer than a file name may be). */
export async function urlFolder(url: string): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url))));
}

interface SyncHandle {
  read(into: Uint8Array, options?: { at: number }): number;
  write(data: Uint8Array, options?: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}
type SyncCapable = FileSystemFileHandle & { createSyncAccessHandle(options?: { mode?: string }): Promise<SyncHandle> };

/** Folder handles by `directory \n url`: resolving one costs four async steps, paid once per folder, not per chunk. */
const folders = new Map<string, Promise<FileSystemDirectoryHandle>>();

export class OpfsChunks {
  constructor(readonly directory: string) {}

  private async folder(url: string, create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
    const key = `${this.directory}\n${url}`;
    let pending = folders.get(key);
    if (!pending) {
      pending = (async () => {
        const root = await opfsRoot();
        if (!root) throw new DOMException('The Origin Private File System is not available here', 'NotSupportedError');
        const dir = await root.getDirectoryHandle(this.directory, { create });
        return dir.getDirectoryHandle(await urlFolder(url), { create });
      })();
      folders.set(key, pending);
      pending.catch(() => folders.delete(key));
    }
    try {
      return await pending;
    } catch (error) {
      if (!create && (error as DOMException).name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  /** Forgets a cached folder handle (after a removal, or when another realm removed it). */
  private forget(url: string): void {
    folders.delete(`${this.directory}\n${url}`);
  }

  /** Writes chunk `index` of `url` (replacing any file there) and resolves once it is closed. */
  async write(url: string, index: number, data: Uint8Array): Promise<void> {
    let handle: FileSystemFileHandle;
    try {
      handle = await (await this.folder(url, true))!.getFileHandle(String(index), { create: true });
    } catch (error) {
      if ((error as DOMException).name !== 'NotFoundError') throw error;
      this.forget(url); // the folder was removed behind the cached handle
      handle = await (await this.folder(url, true))!.getFileHandle(String(index), { create: true });
    }
    if (syncHandles()) {
      const sync = await (handle as SyncCapable).createSyncAccessHandle();
      try {
        sync.truncate(0);
        if (sync.write(data, { at: 0 }) !== data.length) throw new DOMException(`short write of chunk ${index}`, 'QuotaExceededError');
        // No flush() (an fsync, which tripled the time to store a file here): a chunk the OS
        // had not written out before a power cut fails its checksum at the next read, and the
        // entry is downloaded again. The metadata may run ahead of the disk, never past a check.
      } finally {
        sync.close();
      }
      return;
    }
    const writable = await handle.createWritable();
    try {
      await writable.write(data as Uint8Array<ArrayBuffer>);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Reads chunk `index` of `url` into `output` at `offset`; resolves with the
   * view it filled, or null when the file is missing or longer than `max`.
   */
  async readInto(url: string, index: number, output: Uint8Array, offset: number, max: number): Promise<Uint8Array | null> {
    let handle: FileSystemFileHandle;
    try {
      const dir = await this.folder(url, false);
      if (!dir) return null;
      handle = await dir.getFileHandle(String(index));
    } catch (error) {
      if ((error as DOMException).name === 'NotFoundError') {
        this.forget(url);
        return null;
      }
      throw error;
    }
    if (syncHandles()) {
      let sync: SyncHandle | undefined;
      try {
        // 'read-only' lets other workers (tabs) read the same file at once (Chromium 121+).
        sync = await (handle as SyncCapable).createSyncAccessHandle({ mode: 'read-only' });
      } catch {
        sync = undefined; // taken by a writer, or an older browser: read through a File below
      }
      if (sync) {
        try {
          const size = sync.getSize();
          if (size > max) return null;
          const view = output.subarray(offset, offset + size);
          return sync.read(view, { at: 0 }) === size ? view : null;
        } finally {
          sync.close();
        }
      }
    }
    const file = await handle.getFile();
    if (file.size > max) return null;
    const view = output.subarray(offset, offset + file.size);
    view.set(new Uint8Array(await file.arrayBuffer()));
    return view;
  }

  /** Deletes every chunk file of `url`. */
  async remove(url: string): Promise<void> {
    this.forget(url);
    const root = await opfsRoot();
    if (!root) return;
    try {
      const dir = await root.getDirectoryHandle(this.directory);
      await dir.removeEntry(await urlFolder(url), { recursive: true });
    } catch (error) {
      if ((error as DOMException).name !== 'NotFoundError') throw error;
    }
  }
}
