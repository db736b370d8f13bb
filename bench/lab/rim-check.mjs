// node bench/lab/rim-check.mjs BASE_ROOT LABDIR: smoothRim of BASE_ROOT's texture.ts against this
// checkout's on every crop of bench/lab/dump.mjs (structure crop and hole map as input), at each
// speed's rim settings: identical bytes?, and the CPU time of each.
import { createServer } from 'vite';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness.mjs';
const [baseRoot, dir] = process.argv.slice(2);
const load = async (root) => {
  const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, ws: false, watch: null }, appType: 'custom' });
  return { server, tex: await server.ssrLoadModule('/src/shared/texture.ts') };
};
const base = await load(baseRoot);
const mine = await load(ROOT);
const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
const cpu = { base: 0, mine: 0 };
let differ = 0;
for (const m of meta) {
  const st = new Uint8ClampedArray(readFileSync(path.join(dir, `${m.stem}.structure.rgba`)));
  const hole = new Uint8Array(readFileSync(path.join(dir, `${m.stem}.hole.u8`)));
  const p = mine.tex.BUILTIN_TEXTURE_PARAMS[m.speed];
  const out = {};
  for (const [k, mod] of [['base', base.tex], ['mine', mine.tex]]) {
    const a = new Uint8ClampedArray(st);
    const t0 = process.cpuUsage();
    mod.smoothRim(a, hole, m.rect.width, m.rect.height, p.rimDepth, p.rimSweeps, p.rimOmega);
    const u = process.cpuUsage(t0);
    cpu[k] += (u.user + u.system) / 1000;
    out[k] = a;
  }
  if (!Buffer.from(out.base).equals(Buffer.from(out.mine))) differ++, console.log('DIFFERENT', m.stem);
}
console.log(`${meta.length} crops, ${differ} differ; CPU ms base ${cpu.base.toFixed(0)}, this ${cpu.mine.toFixed(0)} (${(cpu.mine / cpu.base).toFixed(2)}×)`);
await base.server.close();
await mine.server.close();
