/**
 * Gives typed arrays' memory back at once instead of at some later garbage
 * collection. A 12 MP task makes buffers of tens of MB that die at known
 * moments (the model's tensors, the texture's planes, the composite's box);
 * left to the collector they stay resident while
 * the next stage allocates its own, and a whole task's garbage meets the PNG
 * encode's own memory at the peak (measured with `node bench/lab/twelve-trace.mjs`).
 *
 * Detaching an `ArrayBuffer` (`ArrayBuffer.prototype.transfer(0)`: Chromium 114,
 * Firefox 122, Safari 17.4) releases its backing store now, for a buffer that
 * script made (`new Float32Array(n)`); one the platform made and still holds
 * (a stream's chunk, measured: `DecompressionStream` output) waits for the
 * collector either way. Afterwards every view
 * of that buffer is empty (length 0): reads give `undefined`, writes are dropped.
 * So call this only on a buffer that nothing reads again. A view of part of a
 * buffer (a `subarray`, a slice of a wasm heap) is left alone, as is a shared or
 * non-detachable buffer; where `transfer` does not exist (Node 20) nothing
 * happens and the collector frees the memory as before.
 *
 * @example
 * const planar = await tensor.getData();
 * const rgba = planarFloatToRgba(planar, w, h);
 * freeNow(planar);
 */
export function freeNow(...views: (ArrayBufferView | null | undefined)[]): void {
  for (const view of views) {
    if (!view) continue;
    const buffer = view.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
    if (typeof buffer.transfer !== 'function' || buffer.detached) continue;
    if (view.byteOffset !== 0 || view.byteLength !== buffer.byteLength || buffer.byteLength === 0) continue;
    try {
      buffer.transfer(0);
    } catch {
      // Not detachable (a wasm memory's buffer, one pinned by the platform): the collector's.
    }
  }
}
