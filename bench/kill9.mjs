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

const [mode, base, acksFile, stopFile] = process.argv.slice(2);
const MEMBERS = ["13800000003", "13800000004", "13800000007", "13800000008", "13800000009",
  "13800000002", "13800000006"];
const COUNTY = "13800000000";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ack = (record) => appendFileSync(acksFile, JSON.stringify(record) + "\n");

async function post(path, cookie, form, extra = {}) {
  return fetch(base + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      origin: base,
      ...(cookie ? { cookie } : {}),
      ...extra,
    },
    body: new URLSearchParams(form).toString(),
  });
}

function sessionOf(response) {
  const all = response.headers.getSetCookie ? response.headers.getSetCookie() : [];
  const found = all.find((c) => c.startsWith("dj_session=") && !c.includes("Max-Age=0"));
  return found ? found.split(";")[0] : null;
}

async function login(mobile) {
  const r = await post("/api/login", null, { mobile, password: "demo1234" });
  const cookie = sessionOf(r);
  if (!cookie) throw new Error(`login ${mobile}: ${r.status}`);
  return cookie;
}

async function json(path, cookie, form = {}) {
  const r = await post(path, cookie, form);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

// One session per member, replaced after each restart only if it is gone (sessions are
// durable: a lost one would be a failure the check reports).
const sessions = new Map();
async function session(mobile) {
  if (!sessions.has(mobile)) sessions.set(mobile, await login(mobile));
  return sessions.get(mobile);
}

const studyItems = (list) => (list?.columns ?? []).flatMap((c) => c.items);

async function signIn(mobile) {
  const cookie = await login(mobile);
  ack({ kind: "session", mobile, cookie });
}

async function finishStudy(mobile) {
  const cookie = await session(mobile);
  const open = studyItems(await json("/api/study", cookie)).filter((i) => !i.completed && i.kind !== "quiz");
  if (open.length === 0) return;
  const item = open[Math.floor(Math.random() * open.length)];
  const r = await post("/api/finish_study", cookie, { id: String(item.id) });
  if (r.status < 400) ack({ kind: "study", mobile, item: item.id });
}

async function payVoluntary(mobile) {
  const cookie = await session(mobile);
  const started = await post("/dues/pay", cookie, { what: "voluntary", amount: "1.00" });
  const checkout = started.headers.get("location");
  if (started.status !== 303 || !checkout || !checkout.includes("/paysim/checkout/")) return;
  const page = new URL(checkout, base);
  const back = page.searchParams.get("redirect_url");
  const confirmed = await post(`${page.pathname}/confirm`, null, { redirect_url: back });
  if (confirmed.status !== 303) return;
  // Acknowledged only when this server says the order it booked is paid.
  const no = new URL(back, base).searchParams.get("paid");
  const view = await json("/api/my_dues", cookie, { paid: no });
  if (JSON.stringify(view?.returned) === '"paid"') ack({ kind: "payment", mobile, no });
}

async function load() {
  let done = 0;
  let failed = 0;
  while (!existsSync(stopFile)) {
    const mobile = MEMBERS[Math.floor(Math.random() * MEMBERS.length)];
    const pick = Math.random();
    try {
      if (pick < 0.5) await signIn(mobile);
      else if (pick < 0.75) await finishStudy(mobile);
      else await payVoluntary(mobile);
      done++;
    } catch {
      // The server is down or restarting: nothing acknowledged. Sessions may be gone only if
      // the check says so; start afresh for this member.
      failed++;
      sessions.delete(mobile);
      await sleep(100);
    }
  }
  console.log(`load: ${done} operations answered, ${failed} failed while the server was down`);
}

async function check() {
  const acks = readFileSync(acksFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const problems = [];
  const counts = { session: 0, study: 0, payment: 0 };
  for (const a of acks) counts[a.kind]++;
  for (const a of acks.filter((a) => a.kind === "session")) {
    const me = await json("/api/current_user", a.cookie);
    if (!me) problems.push(`session of ${a.mobile} lost`);
  }
  const studies = acks.filter((a) => a.kind === "study");
  for (const mobile of new Set(studies.map((a) => a.mobile))) {
    const list = await json("/api/study", await login(mobile));
    const completed = new Set(studyItems(list).filter((i) => i.completed).map((i) => i.id));
    for (const a of studies.filter((a) => a.mobile === mobile)) {
      if (!completed.has(a.item)) problems.push(`study item ${a.item} of ${mobile} lost`);
    }
  }
  const payments = acks.filter((a) => a.kind === "payment");
  for (const mobile of new Set(payments.map((a) => a.mobile))) {
    const view = await json("/api/my_dues", await login(mobile));
    const receipts = new Set((view?.receipts ?? []).map((r) => r.out_trade_no));
    for (const a of payments.filter((a) => a.mobile === mobile)) {
      if (!receipts.has(a.no)) problems.push(`payment ${a.no} of ${mobile} lost`);
    }
  }
  // No payment credited twice: one trail event per credited order, whoever's.
  const county = await login(COUNTY);
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
