/** Bytes as base64, in 32 KiB pieces (String.fromCharCode takes a bounded argument list): for pages handing bytes to Node. */
export function bytesToBase64(bytes: Uint8Array | Uint8ClampedArray): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
