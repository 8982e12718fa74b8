// A benchmark stand-in for tests: scores a checkpoint by a known function of its tensor `w`, so
// the best soup is known in closed form. Category i scores 100 − 1000·(w_i − target_i)², target
// (0.5, 0.3, 0.2): the grid optimum is exactly a=0.5, b=0.3, c=0.2.
// argv: <checkpoint dir> <out file> <log file> [mode]; every call that starts appends a line to
// <log file> (`fail` for a failing one); mode `garbage`, `fail`, `hang` misbehave;
// `server` starts a grandchild that holds stdout (as `sh -c "server & ..."` does), writes
// "<own pid> <grandchild pid>" to <log file>.pids and never ends; `slot` takes 150 ms and appends
// "<start ms> <end ms> <argument after mode> <$CUDA_VISIBLE_DEVICES>" to <log file>.slots.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const [dir, out, log, mode] = process.argv.slice(2);
if (mode === 'fail') {
  appendFileSync(log, 'fail\n');
  process.stderr.write('fake benchmark: CUDA out of memory\n');
  process.exit(1);
}
if (mode === 'hang') setInterval(() => {}, 1000);
else if (mode === 'server') {
  const server = spawn('sleep', ['600'], { stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(`${log}.pids`, `${process.pid} ${server.pid}`);
  setInterval(() => {}, 1000);
} else {
  const bytes = readFileSync(`${dir}/model.safetensors`);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const [start, end] = header.w.data_offsets;
  const data = bytes.subarray(8 + headerLength + start, 8 + headerLength + end);
  const w = [0, 1, 2].map((i) => data.readFloatLE(4 * i));
  const target = [0.5, 0.3, 0.2];
  const scores = Object.fromEntries(['alpha', 'beta', 'gamma'].map((c, i) => [c, 100 - 1000 * (w[i] - target[i]) ** 2]));
  if (mode === 'slot') {
    const start = Date.now();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
    appendFileSync(`${log}.slots`, `${start} ${Date.now()} ${process.argv[6]} ${process.env.CUDA_VISIBLE_DEVICES}\n`);
  }
  if (mode === 'garbage') writeFileSync(out, 'this is not JSON');
  else writeFileSync(out, JSON.stringify(scores));
  appendFileSync(log, `${w.map((x) => x.toFixed(4)).join(',')}\n`);
}
