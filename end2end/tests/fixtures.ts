import { test as base, expect, APIResponse, Browser, BrowserContext, Page, TestInfo } from "@playwright/test";

// Every test fails on any console error or uncaught page error: this is what catches hydration
// panics and missing assets (a 404 favicon is a console error too).
export const test = base.extend<{ failOnConsoleErrors: void }>({
  failOnConsoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`pageerror: ${e}`));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
      });
      await use();
      // A test that provokes an error on purpose (a 404 page) names it with an
      // "allow-console" annotation; everything else fails the test.
      const allowed = base.info().annotations.filter((a) => a.type === "allow-console").map((a) => a.description!);
      expect(errors.filter((e) => !allowed.some((a) => e.includes(a))), "browser errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const jsEnabled = (projectName: string) => projectName !== "nojs";

/** Waits until the WASM has hydrated the page (the App's effect sets the flag). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Signs in with the demo password: from `/login` to the home page, or — when `back` is given —
 * on the login page a link led to, which must return to `back` (a full URL). */
export async function signIn(page: Page, mobile: string, js: boolean, back?: string) {
  if (back === undefined) await page.goto("/login");
  if (js) await hydrated(page);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("密码").fill("demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(back ?? /\/$/);
}

/** A day `days` from today where the county is (China Standard Time), as a date field takes it. */
export function chinaDay(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** A demo account signed in in its own browser context, with the project's viewport and
 * JavaScript setting: one per person when a test passes records between people. */
export async function openAs(browser: Browser, info: TestInfo, mobile: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const js = jsEnabled(info.project.name);
  const ctx = await browser.newContext({ viewport: info.project.use.viewport ?? undefined, javaScriptEnabled: js });
  const page = await ctx.newPage();
  await signIn(page, mobile, js);
  return { ctx, page };
}

/** A member's points today and this year as `/points` shows them: sums of the member's own
 * ledger lines, worked out apart from the yearly totals that the home page and the boards read. */
export async function ledgerPoints(page: Page): Promise<{ today: number; year: number }> {
  await page.goto("/points");
  return {
    today: Number(await page.locator("#points-today").innerText()),
    year: Number(await page.locator("#points-year").innerText()),
  };
}

/** The village branch's board as its secretary (13800000002) sees it in full: the branch's name
 * and every member's points this year, one number per member. */
export async function villageBoard(browser: Browser, js: boolean): Promise<{ branch: string; points: number[] }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, "13800000002", js);
  await page.goto("/rankings?full=1");
  const heading = (await page.locator("#board-members h2").innerText()).trim();
  const scores = await page.locator("#board-members li .score").allInnerTexts();
  const total = Number(/共 (\d+) 人/.exec(await page.locator("#my-rank").innerText())?.[1]);
  await ctx.close();
  const points = scores.map((s) => Number(/^(-?\d+) 分$/.exec(s.trim())?.[1]));
  expect(points.length, "the full board lists every member").toBe(total);
  expect(points.every(Number.isInteger), `board scores ${scores}`).toBe(true);
  return { branch: heading.replace(/ · 党员积分排名$/, ""), points };
}

/** Competition ranking, as the rules define it: one more than the number of members with
 * strictly more points (ties share a place). */
export function placeAmong(points: number[], mine: number): number {
  return 1 + points.filter((p) => p > mine).length;
}

/** The server refused a request with 403 and the `forbidden` code (a server function answers
 * `{"Code":"forbidden"}`, the JSON API `{"error":{"code":"forbidden"}}`). Pages hide these forms
 * from the user; this is the server's own refusal of the request the form would send. */
export async function expectForbidden(response: APIResponse, what: string) {
  expect(response.status(), `${what}: the server's answer`).toBe(403);
  const body = await response.json();
  expect(body.Code ?? body.error?.code, `${what}: the refusal's code`).toBe("forbidden");
}

/** Posts `form` to a server function as the page's signed-in user (a script's request, not the
 * page's: no redirect followed) and expects the server to refuse it. */
export async function expectServerFnRefused(page: Page, endpoint: string, form: Record<string, string>) {
  const response = await page.request.post(endpoint, { form, maxRedirects: 0 });
  await expectForbidden(response, `POST ${endpoint}`);
}
