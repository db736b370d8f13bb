#!/usr/bin/env node
// `npm run bench [-- --reps 3 --sizes 512,1024,2048 --gpuSizes 512 --sections tasks,twelve,loads,editor,first,cancel,soak,gpu]`
// `npm run bench -- --gpu`: every model family's twin at its real input size, WebGPU against WASM; the diffusion
// latent maths per step; bytes read back per diffusion task against the decoded image (non-zero exit if more).
// (soak: `--soakTasks 300 --soakWarmup 75 --soakEvery 25`, only when named):
// built-in model timings on WASM and WebGPU in headless Chromium, the non-model
// cost of a 12-megapixel JPEG, weight loading, editor latency, and what a cancel
// costs the next diffusion task. Ratios are against baselines run in the same page.
import { runPage, table, cliArgs } from './harness.mjs';

const args = cliArgs();
// `--gpu` (a flag): only the GPU section, unless --sections names more.
if (process.argv.includes('--gpu')) {
  delete args.gpu;
  args.sections = args.sections ? `${args.sections},gpu` : 'gpu';
}
const { rows, twelve, loads, editor, first, cancel, soak, gpu } = await runPage('bench/bench.html', {
  query: args,
  onLog: args.verbose ? undefined : () => {},
  isolate: (args.sections ?? '').split(',').includes('soak'),
  // The twelve section's peak memory starts each probe from a collected heap (bench-page.ts).
  exposeGc: !args.sections || args.sections.split(',').includes('twelve'),
});
const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const key = (r) => `${r.size}|${r.mask}`;
const wasmDefault = new Map(rows.filter((r) => r.backend === 'wasm' && r.speed === 'DEFAULT').map((r) => [key(r), r]));
if (rows.length) console.log('Built-in model, median per task (submit → COMPLETED, incl. decode/encode), ms:');
if (rows.length) console.log(
  table(
    ['backend', 'size', 'mask', 'speed', 'task ms', 'model ms', 'task ÷ WASM DEFAULT'],
    rows.map((r) => {
      const base = wasmDefault.get(key(r));
      return [r.backend, r.size, r.mask, r.speed, f(r.task_ms), f(r.model_ms), base ? f(r.task_ms / base.task_ms, 2) : '-'];
    }),
  ),
);
const nonModel = ['decode', 'prepare', 'composite', 'encode'].reduce((a, k) => a + (twelve[k] ?? 0), 0);
if (twelve.task) console.log(`\n12-megapixel JPEG (4000×3000, ${(twelve.bytes / 1e6).toFixed(1)} MB), TURBO on WASM, median ms per stage:`);
if (twelve.task) console.log(
  table(
    ['decode', 'prepare (crop, resize, tensors)', 'composite', 'encode', 'all but the model', 'model', 'whole task', 'browser decode+PNG encode (baseline)', 'non-model ÷ baseline'],
    [[f(twelve.decode), f(twelve.prepare), f(twelve.composite), f(twelve.encode), f(nonModel), f(twelve.model), f(twelve.task), f(twelve.browser_decode_encode_ms), f(nonModel / twelve.browser_decode_encode_ms, 2)]],
  ),
);
// Every other timing the task reports (the parts of `decode`: the image's and a PNG mask's decodes
// overlap; texture and rim are the model's): where the non-model time goes.
const shown = new Set(['decode', 'prepare', 'composite', 'encode', 'model', 'task', 'browser_decode_encode_ms', 'bytes', 'rgba_bytes']);
if (twelve.task) console.log(`Other stages and parts, median ms: ${Object.entries(twelve).filter(([k, v]) => !shown.has(k) && !k.startsWith('peak_') && Number.isFinite(v)).map(([k, v]) => `${k} ${f(v)}`).join(', ')}`);
const mb = (b) => (Number.isFinite(b) ? (b / 1e6).toFixed(0) : '-');
if (twelve.task) console.log(
  Number.isFinite(twelve.peak_task_bytes)
    ? `Peak memory (rise of the renderer's resident-set high-water mark, Linux /proc; median of --reps runs): one task ${mb(twelve.peak_task_bytes)} MB = ${f(twelve.peak_task_bytes / twelve.rgba_bytes, 2)}× the RGBA bytes (${mb(twelve.rgba_bytes)} MB); ` +
      `the same photo with a 200×150 hole (texture on a small crop) ${mb(twelve.peak_small_hole_bytes)} MB = ${f(twelve.peak_small_hole_bytes / twelve.rgba_bytes, 2)}×, so texture synthesis on the blob's crop adds ${mb(twelve.peak_task_bytes - twelve.peak_small_hole_bytes)} MB; ` +
      `the browser's decode + encode alone ${mb(twelve.peak_floor_bytes)} MB = ${f(twelve.peak_floor_bytes / twelve.rgba_bytes, 2)}×`
    : 'Peak memory: not measured (needs Linux /proc with writable clear_refs for the Chromium processes)',
);

if (loads.length) console.log('\nModel weight loading through workers/cache in a dedicated worker, as in the app (random bytes of the real sizes; the baseline runs in the same worker), median ms:');
if (loads.length) console.log(
  table(
    ['file', 'bytes', 'plain fetch (baseline)', 'from local server: download + sha256 + store', 'from the cache: read + chunk checks', 'server ÷ fetch', 'cache ÷ fetch'],
    loads.map((l) => [l.name, l.bytes, f(l.fetch_ms), f(l.server_ms), f(l.idb_ms), f(l.server_ms / l.fetch_ms, 2), f(l.idb_ms / l.fetch_ms, 2)]),
  ),
);

if (editor.length) console.log('\n<inpaint-mask-canvas> while painting a 200-move stroke (the 1 MP row is the in-page baseline), ms:');
if (editor.length) console.log(
  table(
    ['image', 'move handler median', 'move handler p95', 'frame median', 'frame p95', 'stroke commit', 'exportMask()', 'frame median ÷ 1 MP'],
    editor.map((e) => [e.image, f(e.move_handler_ms_median, 2), f(e.move_handler_ms_p95, 2), f(e.frame_ms_median, 1), f(e.frame_ms_p95, 1), f(e.stroke_commit_ms), f(e.export_mask_ms), f(e.frame_ms_median / editor[0].frame_ms_median, 2)]),
  ),
);

if (first?.length) {
  const cold = first.find((r) => r.mode === 'cold');
  console.log('\nFirst Generate in <inpaint-editor> (WASM, 1.4 MP JPEG, after painting 2 s; each editor on a fresh client; median ms over the reps, modes alternated):');
  console.log(
    table(
      ['editor', 'first Generate', 'later Generate', 'first ÷ later', 'first ÷ no-warmup first'],
      first.map((r) => [r.mode === 'warm' ? 'warm-up in idle time (default)' : 'no-warmup (before)', f(r.first_ms), f(r.later_ms), f(r.first_ms / r.later_ms, 2), f(r.first_ms / cold.first_ms, 2)]),
    ),
  );
}

if (cancel.length) {
  const base = cancel.find((c) => c.mode === 'baseline');
  console.log(
    '\nCancelling a running sd15-inpainting QUALITY task at its first step, then running a TURBO task (WASM, generated twins, 512² with a 160² hole; median ms; ' +
      'every client reads the files from IndexedDB). The twins are tiny graphs, so the terminate row\'s reload is a lower bound: real weights (≈ 2 GB) ' +
      'take seconds to read and verify from IndexedDB (the loads section: ≈ 1.5 s for 208 MB):',
  );
  const label = { baseline: 'baseline: warm client, no cancel (3 tasks per client)', cooperative: 'cooperative (cancelGraceMs 5000, default)', terminate: 'terminate (cancelGraceMs 0)' };
  console.log(
    table(
      ['mode', 'cancel → FAILED ms', 'cancel → next TURBO done ms', 'next TURBO task ms (submit → done)', 'cancel → next done ÷ baseline', 'worker starts'],
      cancel.map((c) =>
        c.mode === 'baseline'
          ? [label[c.mode], '-', '-', f(c.next_task_ms), '1.00', c.worker_starts_all.join(', ')]
          : [label[c.mode], f(c.cancel_to_failed_ms, 1), f(c.cancel_to_next_done_ms), f(c.next_task_ms), f(c.cancel_to_next_done_ms / base.next_task_ms, 2), c.worker_starts_all.join(', ')],
      ),
    ),
  );
}

if (soak) {
  const mb = (b) => (b / 1e6).toFixed(1);
  const worker = (x) => (x.byScope.DedicatedWorkerGlobalScope !== undefined ? mb(x.byScope.DedicatedWorkerGlobalScope) : '-');
  const row = (label, x) => [label, x.tasks, mb(x.memory), worker(x), x.liveObjectUrls, mb(x.storageUsage)];
  console.log(
    `\nSoak: one client, ${soak.end.tasks} tasks (512² to 12 MP, TURBO/DEFAULT/QUALITY, num_images 1–4, every 10th cancelled, every task deleted; ` +
      `${soak.completed} completed, ${soak.canceled} canceled, ${soak.failed} failed, ${(soak.ms / 1000).toFixed(0)} s). Memory from ${soak.end.memorySource}:`,
  );
  console.log(
    table(
      ['sample', 'tasks', 'memory MB', 'of which worker MB', 'live object URLs', 'storage usage MB'],
      [
        row('after warm-up', soak.warmup),
        ...soak.between.map((x) => row('', x)),
        row('at the end', soak.end),
        ['end ÷ warm-up', '', (soak.end.memory / soak.warmup.memory).toFixed(3), '', '', (soak.end.storageUsage / Math.max(1, soak.warmup.storageUsage)).toFixed(3)],
      ],
    ),
  );
}

if (gpu) {
  const ad = gpu.adapterInfo ?? {};
  const name = [ad.vendor, ad.architecture, ad.description].filter(Boolean).join(' / ') || 'unknown adapter';
  console.log(
    !gpu.webgpu
      ? `\nWebGPU: none (${gpu.webgpuReason}); WASM only.`
      : gpu.fallbackAdapter
        ? `\nWebGPU adapter: ${name}: SOFTWARE FALLBACK (SwiftShader), not a GPU. WebGPU times here are a CPU emulation; rerun on a machine with a GPU for real figures.`
        : `\nWebGPU adapter: ${name} (a hardware GPU).`,
  );
  console.log('Model-family twins at the real input sizes, median ms per run (after a warm-up run), through workers/runtime in a dedicated worker:');
  console.log(
    table(
      ['family', 'input', 'webgpu ms', 'wasm ms', 'webgpu ÷ wasm', 'ort.env.webgpu.device set', 'same first value'],
      gpu.rows.map((r) => [r.family, r.input, f(r.webgpu_ms, 1), f(r.wasm_ms, 1), f(r.webgpu_ms / r.wasm_ms, 2), r.webgpu_device_set === undefined ? '-' : String(r.webgpu_device_set), r.webgpu_ms === undefined ? '-' : String(Math.abs(r.webgpu_first_value - r.wasm_first_value) < 1e-3)]),
    ),
  );
  console.log('\nThe denoise loop\'s latent maths alone (SD-1.5 at 512²: 64×64 latents, 9-channel sample, CFG, DDIM; fixed ε in place of the UNet), ms per step over 20 steps and the read of the last result:');
  console.log(table(['how', 'ms per step', 'bytes read back'], gpu.latentMaths.map((r) => [r.how, f(r.ms_per_step, 2), String(r.readback_bytes)])));
  console.log('\nBytes read back per diffusion task (the twins through the client at 512²; median task ms after a warm-up task). The goal on WebGPU: the decoded image only (RGBA8 at the run size, 4 bytes a pixel):');
  console.log(
    table(
      ['model', 'speed', 'run size', 'steps', 'webgpu bytes read back', 'decoded image bytes (RGBA8)', 'read back ÷ image', 'GPU tensors left', 'webgpu task ms', 'wasm task ms'],
      gpu.diffusion.map((r) => [r.model, r.speed, r.run_size, r.steps, r.webgpu_readback_bytes === undefined ? '-' : String(r.webgpu_readback_bytes), String(r.decoded_bytes), r.webgpu_readback_bytes === undefined ? '-' : f(r.webgpu_readback_bytes / r.decoded_bytes, 2), r.gpu_tensors_live === undefined ? '-' : String(r.gpu_tensors_live), f(r.webgpu_task_ms, 0), f(r.wasm_task_ms, 0)]),
    ),
  );
  if (gpu.diffusion.some((r) => r.webgpu_readback_bytes !== undefined && r.webgpu_readback_bytes !== r.decoded_bytes)) {
    console.error('A WebGPU diffusion task read back more than its decoded image.');
    process.exitCode = 1;
  }
  if (gpu.webgpu && gpu.rows.some((r) => r.webgpu_device_set !== true)) {
    console.error('ort.env.webgpu.device was not set after a WebGPU run: WebGPU did not really run.');
    process.exitCode = 1;
  }
}
