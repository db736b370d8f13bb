/**
 * The minimal page for index.html: pick an image, paint a mask, prompt,
 * generate, see and download the result. The full editor is <inpaint-editor>.
 */
import { InpaintClient } from '../client/inpaint-client';
import { InpaintError } from '../shared/errors';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const imageView = $<HTMLCanvasElement>('image-view');
const maskView = $<HTMLCanvasElement>('mask-view');
const status = $<HTMLParagraphElement>('status');
const progress = $<HTMLProgressElement>('progress');
const generate = $<HTMLButtonElement>('generate');
const cancel = $<HTMLButtonElement>('cancel');
const result = $<HTMLImageElement>('result');
const download = $<HTMLAnchorElement>('download');

const backend = (new URLSearchParams(location.search).get('backend') ?? 'auto') as 'auto' | 'webgpu' | 'wasm';
const client = new InpaintClient({ backend });
(window as unknown as { inpaintClient: InpaintClient }).inpaintClient = client;
let imageBlob: Blob | undefined;
let painted = false;
let currentTask: string | undefined;

/** Loads a picked file: draws it and resets the mask (drawn red-on-transparent, exported black-on-white). */
async function load(blob: Blob) {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  for (const c of [imageView, maskView]) {
    c.width = bitmap.width;
    c.height = bitmap.height;
  }
  imageView.getContext('2d')!.drawImage(bitmap, 0, 0);
  imageBlob = blob;
  painted = false;
  generate.disabled = false;
  status.textContent = `Loaded ${bitmap.width}×${bitmap.height}. Paint over what to change.`;
}

$<HTMLInputElement>('file').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) load(file).catch((err) => (status.textContent = `Could not open the image: ${err.message}`));
});
$<HTMLButtonElement>('clear').addEventListener('click', () => {
  maskView.getContext('2d')!.clearRect(0, 0, maskView.width, maskView.height);
  painted = false;
});

// Painting with pointer events, so mouse, pen and touch all work.
let last: { x: number; y: number } | undefined;
const toCanvas = (e: PointerEvent) => {
  const r = maskView.getBoundingClientRect();
  return { x: ((e.clientX - r.left) * maskView.width) / r.width, y: ((e.clientY - r.top) * maskView.height) / r.height };
};
const stroke = (e: PointerEvent) => {
  const ctx = maskView.getContext('2d')!;
  const p = toCanvas(e);
  const scale = maskView.width / maskView.getBoundingClientRect().width;
  ctx.strokeStyle = ctx.fillStyle = '#f00';
  ctx.lineWidth = Number($<HTMLInputElement>('brush').value) * scale;
  ctx.lineCap = ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo((last ?? p).x, (last ?? p).y);
  ctx.lineTo(p.x + 0.01, p.y);
  ctx.stroke();
  last = p;
  painted = true;
};
maskView.addEventListener('pointerdown', (e) => {
  maskView.setPointerCapture(e.pointerId);
  last = undefined;
  stroke(e);
});
maskView.addEventListener('pointermove', (e) => {
  if (maskView.hasPointerCapture(e.pointerId)) stroke(e);
});
maskView.addEventListener('pointerup', () => (last = undefined));

/** The API's mask: white = keep, black = edit, at the image's resolution. */
async function exportMask(): Promise<Blob> {
  const out = new OffscreenCanvas(maskView.width, maskView.height);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  const painted = maskView.getContext('2d')!.getImageData(0, 0, maskView.width, maskView.height);
  const img = ctx.getImageData(0, 0, out.width, out.height);
  for (let i = 0; i < img.data.length; i += 4) {
    if (painted.data[i + 3] >= 128) img.data[i] = img.data[i + 1] = img.data[i + 2] = 0;
  }
  ctx.putImageData(img, 0, 0);
  return out.convertToBlob({ type: 'image/png' });
}

$<HTMLFormElement>('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!imageBlob) return;
  if (!painted) {
    status.textContent = 'Paint the area to edit first.';
    return;
  }
  const seedText = $<HTMLInputElement>('seed').value;
  generate.disabled = true;
  try {
    const { data } = await client.submit({
      image: imageBlob,
      mask: await exportMask(),
      prompt: $<HTMLInputElement>('prompt').value,
      rendering_speed: $<HTMLSelectElement>('speed').value as 'DEFAULT',
      ...(seedText ? { seed: Number(seedText) } : {}),
    });
    currentTask = data.task_id;
    cancel.hidden = progress.hidden = false;
    status.textContent = 'Queued…';
    const done = await client.wait(data.task_id, {
      onProgress: (p, ev) => {
        progress.value = p;
        if (ev?.status === 'ready') status.textContent = `Running on ${ev.backend.toUpperCase()}…`;
      },
    });
    if (done.data.status === 'COMPLETED') {
      const img = done.data.images[0];
      result.src = download.href = img.url;
      result.hidden = download.hidden = false;
      status.textContent = `Done on ${done.data.backend?.toUpperCase()} with ${done.data.model} (seed ${img.seed}). ${done.data.model_note ?? ''}`;
    } else {
      status.textContent = `Failed: ${done.data.error?.message}`;
    }
  } catch (err) {
    status.textContent =
      err instanceof InpaintError && err.invalid_params
        ? err.invalid_params.map((p) => `${p.name}: ${p.reason}`).join('; ')
        : `Error: ${(err as Error).message}`;
  } finally {
    generate.disabled = false;
    cancel.hidden = progress.hidden = true;
    currentTask = undefined;
  }
});
cancel.addEventListener('click', () => {
  if (currentTask) void client.cancel(currentTask);
});
