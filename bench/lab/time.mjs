// node bench/lab/time.mjs ROOT LABDIR [SPEED] [module] [reps] [masks]: the texture alone on the
// crops of bench/lab/dump.mjs, its CPU time (not wall time: the machine is shared) per mask
// and one hash of every output (HASHES=1 prints each case's, with its crop size and CPU ms; SET='{"band":128}' overrides parameters): a change that keeps the hash
// keeps the bytes. ROOT is the checkout whose src/shared/texture.ts runs (e.g. a worktree of main).
import { createServer } from 'vite';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
const [root, dir, speed = 'TURBO', mod = '/src/shared/texture.ts', reps = '1', masks = 'brush,blob,lines'] = process.argv.slice(2);
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom' });
const tex = await server.ssrLoadModule(mod);
const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')).filter((m) => m.speed === speed && masks.split(',').includes(m.mask));
const cases = meta.map((m) => ({ m, st: new Uint8ClampedArray(readFileSync(path.join(dir, `${m.stem}.structure.rgba`))), hole: new Uint8Array(readFileSync(path.join(dir, `${m.stem}.hole.u8`))) }));
const params = { ...tex.BUILTIN_TEXTURE_PARAMS[speed], ...JSON.parse(process.env.SET ?? '{}') };
const hashes = [];
const per = {};
let total = 0;
for (let r = 0; r < +reps; r++) {
  for (const c of cases) {
    const fill = new Uint8ClampedArray(c.st);
    // CPU time of this process (all its threads), not wall time: the machine is shared.
    const t0 = process.cpuUsage();
    tex.synthesizeTexture(fill, c.hole, c.m.rect.width, c.m.rect.height, params, 1234);
    const u = process.cpuUsage(t0);
    const ms = (u.user + u.system) / 1000;
    total += ms;
    per[c.m.mask] = (per[c.m.mask] ?? 0) + ms;
    if (r === 0) hashes.push(`${c.m.stem} ${createHash('sha256').update(fill).digest('hex').slice(0, 16)} ${c.m.rect.width}x${c.m.rect.height} ${ms.toFixed(0)} ms`);
  }
}
console.log(`CPU ${(total / +reps).toFixed(0)} ms per rep; mean per case: ${Object.entries(per).map(([k, v]) => `${k} ${(v / +reps / 12).toFixed(0)}`).join(' ')}`);
console.log(createHash('sha256').update(hashes.map((l) => l.split(' ').slice(0, 2).join(' ')).join('\n')).digest('hex').slice(0, 16), 'all-hash');
if (process.env.HASHES) console.log(hashes.join('\n'));
await server.close();
