// A benchmark command stand-in for the command evaluator's tests, run with `node`.
// argv: <mode> <model> <out> [extra]. Modes:
//   out        writes the scores to <out>
//   stdout     prints progress lines, then the scores as indented JSON
//   fail       prints on both streams and exits 1
//   hang       never ends; bumps the counter in <extra> every 50 ms while alive
//   flaky      fails the first time (creating the marker file <extra>), then writes the scores
//   garbage    prints a line that is not JSON and writes nothing
//   argv       writes its own argv (after the script) as JSON to <extra>, and the scores to <out>
//   lm-eval    treats <out> as lm_eval's --output_path: an older and a newer results_*.json below it;
//              with <extra>, first writes to <extra> whether <out> existed and what it ends with
//   lm-eval-file   writes one results file at <out> itself, with a group without aggregate metric
//   bfcl       writes a one-model BFCL score CSV to <out>
//   bfcl-dir   copies the BFCL score directory <extra> to <out>, as `bfcl evaluate --score-dir <out>` leaves it
//   chatty     prints <extra> progress lines of 99 bytes, then the scores as one JSON line
//   slow       writes its pid to <extra>, then the scores to <out> after 60 s
//   slot       runs 200 ms, then writes the scores to <out> and to the directory <extra> a file
//              { arg, env, start, end }: the argument after <extra> and $CUDA_VISIBLE_DEVICES
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';

const [mode, model, out, extra] = process.argv.slice(2);
const scores = { alpha: 61.5, beta: 70.25 };

switch (mode) {
  case 'slot': {
    const start = Date.now();
    setTimeout(() => {
      const record = { arg: process.argv[6], env: process.env.CUDA_VISIBLE_DEVICES, start, end: Date.now() };
      writeFileSync(`${extra}/${process.pid}.json`, JSON.stringify(record));
      writeFileSync(out, JSON.stringify(scores));
    }, 200);
    break;
  }
  case 'out':
    writeFileSync(out, JSON.stringify(scores));
    break;
  case 'stdout':
    console.log(`loading checkpoint ${model}`);
    console.log('evaluating 2 categories: 100%|##########| 250/250');
    console.log(JSON.stringify(scores, null, 2));
    break;
  case 'fail':
    console.log('loading checkpoint');
    console.error('warning: slow tokenizer');
    console.error('Traceback (most recent call last):');
    console.error('  File "eval.py", line 12, in <module>');
    console.error('RuntimeError: CUDA out of memory');
    process.exit(1);
    break;
  case 'hang': {
    let ticks = 0;
    setInterval(() => writeFileSync(extra, String(++ticks)), 50);
    break;
  }
  case 'flaky':
    if (!existsSync(extra)) {
      writeFileSync(extra, 'failed once\n');
      console.error('transient failure: connection reset');
      process.exit(1);
    }
    writeFileSync(out, JSON.stringify(scores));
    break;
  case 'garbage':
    console.log('Accuracy: 61%');
    break;
  case 'argv':
    writeFileSync(extra, JSON.stringify(process.argv.slice(2)));
    writeFileSync(out, JSON.stringify(scores));
    break;
  case 'lm-eval': {
    if (extra !== undefined) writeFileSync(extra, JSON.stringify({ existed: existsSync(out), endsWithJson: out.endsWith('.json') }));
    const dir = `${out}/${model.replaceAll('/', '__')}`;
    mkdirSync(dir, { recursive: true });
    const results = (acc) => JSON.stringify({ results: { arc_easy: { alias: 'arc_easy', 'acc,none': acc, 'acc_norm,none': acc - 0.05 } }, config: { model: 'hf' } });
    writeFileSync(`${dir}/results_2025-01-01T00-00-00.000000.json`, results(0.2));
    writeFileSync(`${dir}/results_2025-06-30T12-00-00.000000.json`, results(0.75));
    writeFileSync(`${dir}/samples_arc_easy_2025-06-30T12-00-00.000000.jsonl`, '{}\n');
    break;
  }
  case 'lm-eval-file':
    writeFileSync(
      out,
      JSON.stringify({
        results: { suite: { alias: 'suite', ' ': ' ' }, arc: { alias: ' - arc', 'acc,none': 0.5 }, hellaswag: { alias: ' - hellaswag', 'acc_norm,none': 0.25, 'acc_norm_stderr,none': 'N/A' } },
        group_subtasks: { suite: ['arc', 'hellaswag'] },
      }),
    );
    break;
  case 'bfcl':
    writeFileSync(out, 'Rank,Model,Live Acc,Multi Turn Acc,Organization\n1,soup,66.90%,N/A,me\n');
    break;
  case 'bfcl-dir':
    cpSync(extra, out, { recursive: true });
    break;
  case 'chatty':
    for (let i = 0; i < Number(extra); i += 1) console.log(`step ${String(i).padStart(8, '0')} ${'.'.repeat(84)}`);
    console.log(JSON.stringify(scores));
    break;
  case 'slow':
    writeFileSync(extra, String(process.pid));
    setTimeout(() => writeFileSync(out, JSON.stringify(scores)), 60_000);
    break;
  default:
    console.error(`unknown mode ${mode}`);
    process.exit(2);
}
