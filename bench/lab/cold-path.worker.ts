/// <reference lib="webworker" />
// Lab: where the cold path's time goes, piece by piece, in a fresh worker.
const T0 = performance.timeOrigin + performance.now();
const at = () => performance.timeOrigin + performance.now();
self.onmessage = async (e: MessageEvent) => {
  const { variant, jsepUrl, plainUrl, runs } = e.data as { variant: string; jsepUrl: string; plainUrl: string; runs: number };
  const out: Record<string, number> = { worker_start_abs: T0 };
  let t = at();
  const lap = (k: string) => {
    const n = at();
    out[k] = n - t;
    t = n;
  };
  try {
    if (variant === 'compile-jsep' || variant === 'compile-plain') {
      const url = variant === 'compile-jsep' ? jsepUrl : plainUrl;
      const bytes = await (await fetch(url)).arrayBuffer();
      lap('fetch');
      await WebAssembly.compile(bytes);
      lap('compile');
      await WebAssembly.compileStreaming(fetch(url));
      lap('compileStreaming_again');
    } else {
      const [build, level = 'all'] = variant.split('-');
      const ort: any = build === 'plain' ? await import('onnxruntime-web/wasm') : await import('onnxruntime-web');
      lap('import_ort');
      const { builtinBytes } = await import('../../workers/pipelines/builtin-fill');
      const { builtinPadSize } = await import('../../workers/pipelines/builtin-fill');
      lap('import_pipeline');
      const graph = builtinBytes('DEFAULT');
      lap('build_graph');
      ort.env.wasm.wasmPaths = { wasm: build === 'plain' ? plainUrl : jsepUrl };
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.proxy = false;
      const opts = { executionProviders: ['wasm'], graphOptimizationLevel: level === 'levels' || level === 'compare' ? 'all' : level };
      const { GraphBuilder } = await import('../../models/build/onnx');
      const g = new GraphBuilder('tiny', 'one Identity');
      const x = g.input('x', 'float32', [1]);
      g.output(g.op('Identity', [x], 'y'), 'float32', [1]);
      const tiny = g.toBytes();
      t = at();
      await ort.InferenceSession.create(tiny, opts);
      lap('init_wasm(tiny session)');
      const s1 = await ort.InferenceSession.create(graph, opts);
      lap('first_create');
      const s2 = await ort.InferenceSession.create(graph, opts);
      lap('second_create');
      await s2.release();
      const { width, height } = builtinPadSize(1024, 683, 64);
      if (level === 'compare') {
        // Same input through the graph with and without ORT's optimiser: the largest difference.
        const n = width * height;
        const feeds = () => ({ image: new ort.Tensor('float32', new Float32Array(3 * n).map((_, j) => ((j * 2654435761) % 1000) / 1000), [1, 3, height, width]), mask: new ort.Tensor('float32', new Float32Array(n).map((_, j) => (j % width > width / 3 && j % width < width / 2 && j > n / 4 && j < (3 * n) / 4 ? 0 : 1)), [1, 1, height, width]), noise: new ort.Tensor('float32', new Float32Array(n).map((_, j) => ((j * 40503) % 997) / 997 - 0.5), [1, 1, height, width]) });
        const outs: Float32Array[] = [];
        for (const l of ['all', 'disabled']) {
          const sess = await ort.InferenceSession.create(graph, { ...opts, graphOptimizationLevel: l });
          const r = await sess.run(feeds());
          outs.push((await r[sess.outputNames[0]].getData()) as Float32Array);
          await sess.release();
        }
        let max = 0;
        let differ = 0;
        for (let i = 0; i < outs[0].length; i++) {
          const d = Math.abs(outs[0][i] - outs[1][i]);
          if (d > 0) differ++;
          if (d > max) max = d;
        }
        out.max_abs_diff_x1e6 = max * 1e6;
        out.values_differing = differ;
        out.values = outs[0].length;
        postMessage(out);
        return;
      }
      if (level === 'levels') {
        // Steady-state cost of each optimisation level (after the first session paid the lazy compile).
        const feedsOf = () => {
          const n = width * height;
          return { image: new ort.Tensor('float32', new Float32Array(3 * n).fill(0.5), [1, 3, height, width]), mask: new ort.Tensor('float32', new Float32Array(n).map((_, j) => (j % width > width / 3 && j % width < width / 2 ? 1 : 0)), [1, 1, height, width]), noise: new ort.Tensor('float32', new Float32Array(n), [1, 1, height, width]) };
        };
        for (let rep = 0; rep < 3; rep++) {
          for (const l of ['all', 'extended', 'basic', 'disabled']) {
            t = at();
            const s = await ort.InferenceSession.create(graph, { ...opts, graphOptimizationLevel: l });
            lap(`create_${l}_${rep}`);
            await s.run(feedsOf());
            t = at();
            await s.run(feedsOf());
            lap(`run_${l}_${rep}`);
            await s.release();
          }
        }
        postMessage(out);
        return;
      }
      const n = width * height;
      for (let i = 0; i < runs; i++) {
        const img = new Float32Array(3 * n).map((_, j) => (j % 97) / 97);
        const mask = new Float32Array(n).map((_, j) => (j % width > width / 3 && j % width < width / 2 ? 1 : 0));
        const feeds = { image: new ort.Tensor('float32', img, [1, 3, height, width]), mask: new ort.Tensor('float32', mask, [1, 1, height, width]), noise: new ort.Tensor('float32', new Float32Array(n), [1, 1, height, width]) };
        t = at();
        const r = await s1.run(feeds);
        lap(`run${i + 1}_${width}x${height}`);
        for (const v of Object.values(r)) (v as any).dispose();
      }
    }
    postMessage(out);
  } catch (err) {
    postMessage({ error: String((err as Error)?.stack ?? err) });
  }
};
postMessage({ ready: at() });
