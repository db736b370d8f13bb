// Steps of the 12 MP path, one message each, so the page can probe the renderer's peak around each:
// the task's own decode (kept in a canvas, workers/pipelines/prepare.ts), its PNG encode of that canvas, the PNG mask's hole map.
import { decodeToCanvas, type DecodedCanvas } from '../../src/image/decode';
import { encodeCanvasPng } from '../../src/image/encode';
import { pngHoleMap } from '../../src/image/mask-png';
let hole: unknown;

let decoded: DecodedCanvas | undefined;
self.onmessage = async (e: MessageEvent<{ step: string; image?: Blob }>) => {
  const { step, image } = e.data;
  const t0 = performance.now();
  if (step === 'decode') decoded = await decodeToCanvas(image!, 'image');
  else if (step === 'encode') await encodeCanvasPng(decoded!.canvas);
  else if (step === 'mask') hole = await pngHoleMap(new Uint8Array(await image!.arrayBuffer()));
  else if (step === 'drop') {
    if (decoded) decoded.canvas.width = decoded.canvas.height = 0;
    decoded = hole = undefined;
  } else if (step === 'gc') (globalThis as { gc?: () => void }).gc?.();
  self.postMessage(performance.now() - t0);
};
