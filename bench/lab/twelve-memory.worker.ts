// Steps of the 12 MP path, one message each, so the page can probe the renderer's peak around each.
import { decodeImage } from '../../src/image/decode';
import { encodeImage } from '../../src/image/encode';
import { pngHoleMap } from '../../src/image/mask-png';
let hole: unknown;

let rgba: Uint8ClampedArray | undefined;
self.onmessage = async (e: MessageEvent<{ step: string; image?: Blob }>) => {
  const { step, image } = e.data;
  const t0 = performance.now();
  if (step === 'decode') rgba = (await decodeImage(image!, 'image')).data;
  else if (step === 'encode') await encodeImage(rgba!, 4000, 3000, 'png');
  else if (step === 'mask') hole = await pngHoleMap(new Uint8Array(await image!.arrayBuffer()));
  else if (step === 'drop') rgba = hole = undefined;
  else if (step === 'gc') (globalThis as { gc?: () => void }).gc?.();
  self.postMessage(performance.now() - t0);
};
