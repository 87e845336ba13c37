// The write load the durability and soak benches share (bench/kill9.mjs, bench/soak.mjs):
// demo members sign in, finish study items and pay voluntary dues through the payment
// simulator. Each write the server acknowledged is reported to `ack`; each operation's time
// to `timed`.

export const MEMBERS = ["13800000003", "13800000004", "13800000007", "13800000008",
  "13800000009", "13800000002", "13800000006"];
export const COUNTY = "13800000000";
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const studyItems = (list) => (list?.columns ?? []).flatMap((c) => c.items);

export class Load {
  /// `net`: the second octet of the addresses the members' phones come from (10.net.i.1), sent
  /// as `X-Forwarded-For` to a server that trusts 127.0.0.1 as its proxy, so each phone is its
  /// own client to the sign-in throttle, as in the field.
  constructor(base, ack = () => {}, timed = () => {}, net = 0) {
    this.base = base;
    this.ack = ack;
    this.timed = timed;
    this.net = net;
    // One session per member, opened again only when a call fails.
    this.sessions = new Map();
  }

  from(mobile) {
    return { "x-forwarded-for": `10.${this.net}.${MEMBERS.indexOf(mobile) + 1}.1` };
  }

  async post(path, cookie, form, extra = {}) {
    return fetch(this.base + path, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        origin: this.base,
        ...(cookie ? { cookie } : {}),
        ...extra,
      },
      body: new URLSearchParams(form).toString(),
    });
  }

  static sessionOf(response) {
    const all = response.headers.getSetCookie ? response.headers.getSetCookie() : [];
    const found = all.find((c) => c.startsWith("dj_session=") && !c.includes("Max-Age=0"));
    return found ? found.split(";")[0] : null;
  }

  async login(mobile) {
    const r = await this.post("/api/login", null, { mobile, password: "demo1234" }, this.from(mobile));
    const cookie = Load.sessionOf(r);
    if (!cookie) throw new Error(`login ${mobile}: ${r.status}`);
    return cookie;
  }

  async json(path, cookie, form = {}, mobile = null) {
    const r = await this.post(path, cookie, form, mobile ? this.from(mobile) : {});
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.json();
  }

  async session(mobile) {
    if (!this.sessions.has(mobile)) this.sessions.set(mobile, await this.login(mobile));
    return this.sessions.get(mobile);
  }

  async signIn(mobile) {
    const cookie = await this.login(mobile);
    this.ack({ kind: "session", mobile, cookie });
  }

  async finishStudy(mobile) {
    const cookie = await this.session(mobile);
    const open = studyItems(await this.json("/api/study", cookie, {}, mobile))
      .filter((i) => !i.completed && i.kind !== "quiz");
    if (open.length === 0) return;
    const item = open[Math.floor(Math.random() * open.length)];
    const r = await this.post("/api/finish_study", cookie, { id: String(item.id) }, this.from(mobile));
    if (r.status >= 400) throw new Error(`finish_study: ${r.status}`);
    this.ack({ kind: "study", mobile, item: item.id });
  }

  async payVoluntary(mobile) {
    const cookie = await this.session(mobile);
    const started = await this.post("/dues/pay", cookie, { what: "voluntary", amount: "1.00" },
      this.from(mobile));
    const checkout = started.headers.get("location");
    if (started.status !== 303 || !checkout || !checkout.includes("/paysim/checkout/")) {
      throw new Error(`dues/pay: ${started.status} ${checkout}`);
    }
    const page = new URL(checkout, this.base);
    const back = page.searchParams.get("redirect_url");
    const confirmed = await this.post(`${page.pathname}/confirm`, null, { redirect_url: back });
    if (confirmed.status !== 303) throw new Error(`confirm: ${confirmed.status}`);
    // Acknowledged only when this server says the order it booked is paid. (The simulator,
    // which answers this machine only, is asked from here, as WeChat Pay's page would be.)
    const no = new URL(back, this.base).searchParams.get("paid");
    const view = await this.json("/api/my_dues", cookie, { paid: no }, mobile);
    if (JSON.stringify(view?.returned) !== '"paid"') throw new Error(`order ${no} not paid`);
    this.ack({ kind: "payment", mobile, no });
  }

  /// One operation for a random member: half sign-ins, a quarter each study and payments.
  async step() {
    const mobile = MEMBERS[Math.floor(Math.random() * MEMBERS.length)];
    const pick = Math.random();
    const t0 = performance.now();
    try {
      if (pick < 0.5) await this.signIn(mobile);
      else if (pick < 0.75) await this.finishStudy(mobile);
      else await this.payVoluntary(mobile);
      this.timed(performance.now() - t0);
    } catch (e) {
      this.sessions.delete(mobile);
      throw e;
    }
  }
}
