// The write load and the check for bench/kill9.sh (docs/security.md#durability).
//
//   node bench/kill9.mjs load URL ACKS STOPFILE   writes until STOPFILE exists; every write the
//                                               server acknowledged is appended to ACKS
//   node bench/kill9.mjs check URL ACKS           every acknowledged write is there; no payment
//                                               credited twice
//
// The server is killed with SIGKILL while the load runs: a request that fails (refused,
// reset) was never acknowledged and is not counted. Writes: sign-ins (a session), study items
// finished (points), voluntary dues paid through the payment simulator (a receipt).
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { COUNTY, Load, sleep, studyItems } from "./load.mjs";

const [mode, base, acksFile, stopFile] = process.argv.slice(2);
const client = new Load(base, (record) => appendFileSync(acksFile, JSON.stringify(record) + "\n"));

async function load() {
  let done = 0;
  let failed = 0;
  while (!existsSync(stopFile)) {
    try {
      await client.step();
      done++;
    } catch {
      // The server is down or restarting: nothing acknowledged.
      failed++;
      await sleep(100);
    }
  }
  console.log(`load: ${done} operations answered, ${failed} failed while the server was down`);
}

async function check() {
  // From addresses of its own: the load's sign-ins cut short by a kill count against theirs.
  const checker = new Load(base, () => {}, () => {}, 1);
  const acks = readFileSync(acksFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const problems = [];
  const counts = { session: 0, study: 0, payment: 0 };
  for (const a of acks) counts[a.kind]++;
  for (const a of acks.filter((a) => a.kind === "session")) {
    const me = await client.json("/api/current_user", a.cookie);
    if (!me) problems.push(`session of ${a.mobile} lost`);
  }
  const studies = acks.filter((a) => a.kind === "study");
  for (const mobile of new Set(studies.map((a) => a.mobile))) {
    const list = await checker.json("/api/study", await checker.login(mobile), {}, mobile);
    const completed = new Set(studyItems(list).filter((i) => i.completed).map((i) => i.id));
    for (const a of studies.filter((a) => a.mobile === mobile)) {
      if (!completed.has(a.item)) problems.push(`study item ${a.item} of ${mobile} lost`);
    }
  }
  // No payment credited twice: one trail event per credited order, whoever's.
  const county = await checker.login(COUNTY);
  const events = [];
  for (let before = null; ; ) {
    const page = before === null ? "" : `&before=${before}`;
    const r = await fetch(`${base}/api/v1/audit/events?action=dues.payment&limit=200${page}`, {
      headers: { cookie: county, accept: "application/json" },
    });
    if (!r.ok) throw new Error(`audit events: ${r.status}`);
    const batch = await r.json();
    events.push(...batch);
    if (batch.length < 200) break;
    before = batch[batch.length - 1].seq;
  }
  const credited = new Map();
  for (const e of events) {
    const no = e.after?.out_trade_no;
    credited.set(no, (credited.get(no) ?? 0) + 1);
  }
  for (const [no, n] of credited) if (n > 1) problems.push(`payment ${no} credited ${n} times`);
  // Every payment acknowledged was credited (a member's receipts page lists the latest only).
  for (const a of acks.filter((a) => a.kind === "payment")) {
    if (!credited.has(a.no)) problems.push(`payment ${a.no} of ${a.mobile} lost`);
  }
  console.log(
    `check: ${counts.session} sign-ins, ${counts.study} study items, ${counts.payment} payments ` +
      `acknowledged; ${credited.size} orders credited in the trail; ${problems.length} problems`,
  );
  for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

if (mode === "load") await load();
else if (mode === "check") await check();
else {
  console.error("usage: kill9.mjs load URL ACKS STOPFILE | check URL ACKS");
  process.exit(2);
}
