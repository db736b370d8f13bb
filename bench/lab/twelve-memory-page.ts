// Lab page: `node bench/lab/twelve-memory.mjs [--reps 3]`: the renderer's peak rise (bench/harness.mjs's probe)
// around the 12 MP path's decode and its encode alone, and the browser's own decode + encode.
import { reportWhenDone } from '../page-protocol';
import { askWorker } from './ask-worker';
import { twelveMegapixel } from '../scaled';

const q = new URLSearchParams(location.search);
const reps = Number(q.get('reps') ?? 3);
const probe = (window as unknown as { __benchMemory: (cmd: string) => Promise<{ peakBytes: number } | number | null> }).__benchMemory;

reportWhenDone(async () => {
  const { image: big, mask: bigMask } = await twelveMegapixel();
  const w = new Worker(new URL('./twelve-memory.worker.ts', import.meta.url), { type: 'module' });
  const send = (step: string) => askWorker<number>(w, { step, image: step === 'mask' ? bigMask : big });
  const peak = async (work: () => Promise<unknown>) => {
    (globalThis as { gc?: () => void }).gc?.();
    await send('gc');
    await probe('start');
    await work();
    return (((await probe('stop')) as { peakBytes: number }).peakBytes / 48e6).toFixed(2);
  };
  await send('decode');
  await send('encode');
  await send('drop');
  const rows = [];
  for (let r = 0; r < reps; r++) {
    const mask = await peak(() => send('mask'));
    await send('drop');
    const decode = await peak(() => send('decode'));
    const encode = await peak(() => send('encode'));
    await send('drop');
    const floor = await peak(async () => {
      const bmp = await createImageBitmap(big);
      const c = new OffscreenCanvas(4000, 3000);
      c.getContext('2d')!.drawImage(bmp, 0, 0);
      await c.convertToBlob({ type: 'image/png' });
      bmp.close();
    });
    const row = { mask, decode, encode, floor };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  w.terminate();
  return rows;
});
