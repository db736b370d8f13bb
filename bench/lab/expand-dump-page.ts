// Expand lab, page half: runs the built-in fill on the expand task (right 20 % cut off, as
// bench/eval-expand.ts does) with the quilt's output switched to the structure (detail 0),
// and hands the Node half (bench/lab/expand-sim.mjs) the canvas with the structure in its hole.
import { reportWhenDone } from '../page-protocol';
import { bytesToBase64 as b64 } from '../base64';
import { decodeImage } from '../../src/image/decode';
import { encodeImage } from '../../src/image/encode';
import { cropRgba, isGrey } from '../../src/shared/pixels';
import { EXPAND_QUILT } from '../../src/shared/expand-quilt';
import { runBuiltinFill } from '../../workers/pipelines/builtin-fill';
import { prepareInputs } from '../../workers/pipelines/prepare';
import { SessionManager } from '../../workers/runtime/sessions';
import { configureOrt } from '../../workers/runtime/ort-env';

declare global { interface Window { __save(name: string, b64: string): Promise<void> } }
const params = new URLSearchParams(location.search);
const speeds = (params.get('speeds') ?? 'DEFAULT').split(',');
const only = params.get('only');
async function main() {
  configureOrt();
  const listing = await (await fetch('/corpus/baseline-expand-dev.tsv')).text();
  const images = [...new Set(listing.split('\n').filter((l) => l.startsWith('dev\t')).map((l) => l.split('\t')[1]))].filter(
    (n) => !only || only.split(',').some((o) => n.startsWith(o)),
  );
  const sessions = new SessionManager();
  const meta = [];
  const saved = EXPAND_QUILT.detail;
  (EXPAND_QUILT as { detail: number }).detail = 0;
  for (const speed of speeds) {
    for (const name of images) {
      const orig = await decodeImage(await (await fetch(`/corpus/dev/${name}`)).blob());
      const { width: W, height: H } = orig;
      const b = Math.floor(0.2 * W);
      const image = await encodeImage(cropRgba(orig.data, W, { x: 0, y: 0, width: W - b, height: H }), W - b, H, 'png');
      const sides = { left: 0, right: b, top: 0, bottom: 0 };
      const input = await prepareInputs({ image, expand: sides } as any);
      let captured: Uint8ClampedArray | null = null;
      const job = { image, expand: sides, renderingSpeed: speed, seeds: [1234], taskId: 'lab', prompt: '' } as any;
      const ctx = { sessions, backend: 'wasm', onProgress: () => {}, signal: new AbortController().signal,
        encode: async (rgba: Uint8ClampedArray) => { captured = new Uint8ClampedArray(rgba); return new Blob([]); } } as any;
      const { timings } = await runBuiltinFill(job, ctx, { modelId: 'builtin' } as any);
      const stem = `${speed}_${name.replace(/\.[^.]+$/, '')}`;
      await window.__save(`${stem}.canvas.rgba`, b64(captured!));
      await window.__save(`${stem}.hole.u8`, b64(input.hole));
      await window.__save(`${stem}.real.rgba`, b64(orig.data));
      meta.push({ stem, speed, image: name, width: W, height: H, band: b, rect: input.rect, original: input.expand!.rect, feather: input.expand!.feather, grey: isGrey(orig.data), timings });
      console.log(stem, JSON.stringify(timings));
    }
  }
  (EXPAND_QUILT as { detail: number }).detail = saved;
  return meta;
}
reportWhenDone(main);
