// A steady write load for bench/soak.sh: WORKERS members' phones, each doing one operation
// (sign in, finish a study item, pay voluntary dues) after another with a short pause, for
// SECONDS. Prints operations, errors and latency percentiles as JSON.
//   node bench/soak.mjs URL SECONDS [WORKERS]
import { Load, sleep } from "./load.mjs";

const [base, seconds, workers = "4"] = process.argv.slice(2);
const times = [];
let errors = 0;
const firstErrors = [];
const client = new Load(base, () => {}, (ms) => times.push(ms));
const until = Date.now() + Number(seconds) * 1000;

async function worker() {
  while (Date.now() < until) {
    try {
      await client.step();
    } catch (e) {
      errors++;
      if (firstErrors.length < 5) firstErrors.push(String(e.message ?? e));
    }
    // A member's phone, not a benchmark client: a pause between taps.
    await sleep(50);
  }
}

await Promise.all(Array.from({ length: Number(workers) }, worker));
times.sort((a, b) => a - b);
const at = (q) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : 0);
console.log(JSON.stringify({
  operations: times.length,
  errors,
  first_errors: firstErrors,
  per_second: +(times.length / Number(seconds)).toFixed(1),
  p50_ms: +at(0.5).toFixed(1),
  p99_ms: +at(0.99).toFixed(1),
  max_ms: +at(1).toFixed(1),
}));
