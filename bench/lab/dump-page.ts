// Texture lab, page half: runs the built-in fill's structure stage (texture off)
// in the page for every dev case and hands the crops to the Node half.
import { reportWhenDone } from '../page-protocol';
import { bytesToBase64 as b64 } from '../base64';
import { decodeImage } from '../../src/image/decode';
import { encodeImage } from '../../src/image/encode';
import { holeMapFromRgba, holeBounds, contextRect, cropRgba, cropHole, isGrey } from '../../src/shared/pixels';
import { BUILTIN_TEXTURE_PARAMS } from '../../src/shared/texture';
import { runBuiltinFill } from '../../workers/pipelines/builtin-fill';
import { SessionManager } from '../../workers/runtime/sessions';
import { configureOrt } from '../../workers/runtime/ort-env';

declare global { interface Window { __save(name: string, b64: string): Promise<void> } }
const params = new URLSearchParams(location.search);
const speeds = (params.get('speeds') ?? 'DEFAULT').split(',');
const only = params.get('only');
async function main() {
  configureOrt();
  const manifest = await (await fetch('/corpus/MASKS.tsv')).text();
  const cases = manifest.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'))
    .filter((c) => c[1] === 'dev' && (!only || only.split(',').some((o) => c[0].startsWith(o))))
    .map((c) => ({ image: c[0], maskType: c[2], mask: c[3] }));
  const sessions = new SessionManager();
  const meta = [];
  for (const speed of speeds) {
    const p = BUILTIN_TEXTURE_PARAMS[speed as 'DEFAULT'] as any;
    const saved = { gain: p.gain, edgeGain: p.edgeGain };
    p.gain = 0; p.edgeGain = 0;
    for (const c of cases) {
      const orig = await decodeImage(await (await fetch(`/corpus/dev/${c.image}`)).blob());
      const maskBlob = await (await fetch(`/corpus/${c.mask}`)).blob();
      const m = await decodeImage(maskBlob);
      const hole = holeMapFromRgba(m.data, m.width, m.height);
      const copy = new Uint8ClampedArray(orig.data);
      for (let i = 0; i < hole.length; i++) if (hole[i]) copy.fill(128, i * 4, i * 4 + 3);
      const blanked = await encodeImage(copy, orig.width, orig.height, 'png');
      let captured: Uint8ClampedArray | null = null;
      const job = { image: blanked, mask: maskBlob, renderingSpeed: speed, seeds: [1234], taskId: 'lab', prompt: 'eval' } as any;
      const ctx = { sessions, backend: 'wasm', onProgress: () => {}, signal: new AbortController().signal,
        encode: async (rgba: Uint8ClampedArray) => { captured = new Uint8ClampedArray(rgba); return new Blob([]); } } as any;
      const { timings } = await runBuiltinFill(job, ctx, { modelId: 'builtin' } as any);
      const rect = contextRect(holeBounds(hole, orig.width, orig.height)!, orig.width, orig.height);
      const stem = `${speed}_${c.image.replace(/\.[^.]+$/, '')}_${c.maskType}`;
      await window.__save(`${stem}.structure.rgba`, b64(cropRgba(captured!, orig.width, rect)));
      await window.__save(`${stem}.orig.rgba`, b64(cropRgba(orig.data, orig.width, rect)));
      await window.__save(`${stem}.hole.u8`, b64(cropHole(hole, orig.width, rect)));
      meta.push({ stem, speed, image: c.image, mask: c.maskType, rect, width: orig.width, height: orig.height, grey: isGrey(orig.data), timings });
      console.log(stem, JSON.stringify(timings));
    }
    Object.assign(p, saved);
  }
  return meta;
}
reportWhenDone(main);
