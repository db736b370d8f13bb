#!/usr/bin/env node
// `npm test`'s runner: `vitest run` with a hang watchdog (arguments pass through,
// e.g. `npm test -- --project unit`).
//
// Vitest 4.1's browser mode can wait for ever on a test page: the orchestrator
// awaits the test iframe's `load`, its "ready" message and each event's response
// with no deadline (vitest-dev/vitest#11243, #10791; the fix, #11253, is not
// released). We saw it once in about ten clean-clone runs here, on a loaded
// machine: the browser project stopped after 79 of 103 files with the CPU idle,
// and every file it had not reached passed on its own.
//
// So: when Vitest prints nothing for `LOCAL_INPAINT_HANG_S` seconds (default 420;
// the slowest file here takes about 60 s), this kills it with its browsers and
// runs once more the files it had not finished, saying so. A file that had
// failed before the hang is never rerun: the run fails. A second hang fails the run.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
const hangMs = Number(process.env.LOCAL_INPAINT_HANG_S ?? 420) * 1000;
const args = process.argv.slice(2);

// Strips ANSI colours; the default reporter ends each file with a line such as
// "✓  browser (chromium)  src/x.browser.test.ts (3 tests) 15978ms" (❯ or × when some failed).
// eslint-disable-next-line no-control-regex
const plain = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');
const FILE_LINE = /^\s*([✓❯×↓])\s+.*?\s(\S+\.test\.ts)\s+\((.*?)\)/;

/** One `vitest run`: resolves with its exit code, or 'hung' (after killing it), and the files it finished. */
function runOnce(runArgs) {
  return new Promise((resolve) => {
    const finished = new Set();
    let failedBeforeHang = false;
    const child = spawn(vitest, ['run', ...runArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        process.stderr.write(`\n[run-suite] Vitest printed nothing for ${hangMs / 1000} s: stopping it (and its browsers).\n`);
        killTree(child.pid);
        resolve({ code: 'hung', finished, failed: failedBeforeHang });
      }, hangMs);
    };
    const scan = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        out.write(chunk);
        arm();
        const text = rest + chunk.toString('utf8');
        const lines = text.split('\n');
        rest = lines.pop();
        for (const line of lines) {
          const m = FILE_LINE.exec(plain(line));
          if (!m) continue;
          if (m[1] === '✓' || m[1] === '↓') finished.add(m[2]);
          if (/failed/.test(m[3]) || m[1] === '×') failedBeforeHang = true;
        }
      });
    };
    scan(child.stdout, process.stdout);
    scan(child.stderr, process.stderr);
    arm();
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), finished, failed: failedBeforeHang });
    });
  });
}

function killTree(pid) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
  setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000).unref();
}

/** The files `vitest run` with these arguments would run, relative to the root. */
function plannedFiles(runArgs) {
  const listed = spawnSync(vitest, ['list', '--filesOnly', '--json', ...runArgs], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (listed.status !== 0) throw new Error(`vitest list failed: ${listed.stderr}`);
  return [...new Set(JSON.parse(listed.stdout.slice(listed.stdout.indexOf('['))).map((e) => path.relative(root, e.file)))];
}

const first = await runOnce(args);
if (first.code !== 'hung') process.exit(first.code);
if (first.failed) {
  process.stderr.write('[run-suite] A file had already failed before the hang: not rerunning. The run fails.\n');
  process.exit(1);
}
// Filters are the files themselves: drop the caller's own file filters, keep its options.
const options = args.filter((a, i) => a.startsWith('-') || (i > 0 && args[i - 1].startsWith('--') && !args[i - 1].includes('=')));
const remaining = plannedFiles(args).filter((f) => !first.finished.has(f));
process.stderr.write(
  `[run-suite] The run hung after ${first.finished.size} finished files (a known Vitest browser-mode hang, vitest-dev/vitest#11243). ` +
    `Running the ${remaining.length} files it had not finished once more:\n  ${remaining.join('\n  ')}\n`,
);
if (remaining.length === 0) process.exit(0);
const second = await runOnce([...options, ...remaining]);
if (second.code === 'hung') {
  process.stderr.write('[run-suite] It hung again: the run fails.\n');
  process.exit(1);
}
process.stderr.write(`[run-suite] The rerun of the ${remaining.length} unfinished files exited with ${second.code}.\n`);
process.exit(second.code);
