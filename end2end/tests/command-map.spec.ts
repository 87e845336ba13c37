import type { Page } from "@playwright/test";
import { test, expect, jsEnabled, hydrated, openAs } from "./fixtures";

// The command platform's second part end to end: the county's dashboard shows the numbers the
// server computes for its scope and moves without a reload when a record lands; on the county
// map a branch behind on its meetings flies the grey flag, and once the committee and the
// county approve its waiting 支委会 the flag turns red; tapping a flag opens the branch's card.
// The seed leaves one waiting 支委会 for each project (docs/operations.md#the-demo-county).

const TOPICS = ["冬季防火安全检查部署（一）", "冬季防火安全检查部署（二）", "冬季防火安全检查部署（三）"];

/** The dashboard's tiles as numbers, by id. */
async function tiles(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await page.locator("#command-tiles .tile").all()) {
    const id = (await t.getAttribute("id"))!.replace(/^tile-/, "");
    out[id] = Number(await t.getAttribute("data-value"));
  }
  return out;
}

/** The same numbers as the server function answers them for this session. */
async function served(page: Page): Promise<Record<string, number>> {
  const r = await page.request.post("/api/command", { headers: { accept: "application/json" } });
  expect(r.ok()).toBeTruthy();
  const view = await r.json();
  return Object.fromEntries(view.tiles.map((t: { id: string; value: number }) => [t.id, t.value]));
}

test("the county watches a branch's flag turn red on the map once its meeting is approved; the dashboard follows", async ({ browser }, info) => {
  test.setTimeout(120_000);
  const js = jsEnabled(info.project.name);
  const topic = TOPICS[["phone", "desktop", "nojs"].indexOf(info.project.name)];

  const county = await openAs(browser, info, "13800000000");
  await county.page.goto("/command");
  if (js) await hydrated(county.page);
  await expect(county.page.locator("#command-scope")).toContainText("中共新田县委组织部");
  const shown = await tiles(county.page);
  for (const id of ["tasks-open", "tasks-overdue", "tasks-done", "orglife", "dues-month", "dues-year", "arrears", "members"]) {
    expect(shown[id], id).toBeGreaterThanOrEqual(0);
  }
  expect(shown).toEqual(await served(county.page));
  expect(shown["arrears"]).toBeGreaterThan(0);
  expect(shown["tasks-overdue"]).toBeGreaterThan(0);
  // Every chart is SVG inside the page, each bar a link to what it summarises.
  await expect(county.page.locator(".chart-box svg.chart").first()).toBeVisible();
  await expect(county.page.locator("#chart-orglife a.bar").first()).toHaveAttribute("href", /^\/archive\?section=three_meetings&org=\d+/);

  // The branch whose 支委会 waits: behind on the map.
  const committee = await openAs(browser, info, "13800000001");
  await committee.page.goto("/review");
  const item = committee.page.locator("#review-queue li", { hasText: topic });
  const branch = (await item.locator("p.muted").innerText()).split(" · ")[0];
  const map = await openAs(browser, info, "13800000000");
  await map.page.goto("/command/map");
  const link = map.page.locator("#flags a", { has: map.page.locator("title", { hasText: new RegExp(`^${branch} · `) }) });
  const flag = link.locator("use");
  await expect(flag).toHaveClass(/\bflag\b/);
  await expect(flag).toHaveClass(/\bbehind\b/);
  // Branches flying the red flag: one more once the meeting is approved.
  const redBefore = shown["flags"];

  // The committee passes it, the county approves it finally.
  await item.locator("a").click();
  if (js) await hydrated(committee.page);
  await committee.page.getByRole("button", { name: "通过" }).click();
  await expect(committee.page.locator("#meeting-status")).toHaveText("待县委审定");
  const reviewer = await openAs(browser, info, "13800000000");
  await reviewer.page.goto("/review");
  await reviewer.page.locator("#review-queue a", { hasText: topic }).click();
  if (js) await hydrated(reviewer.page);
  await reviewer.page.getByRole("button", { name: "通过" }).click();
  await expect(reviewer.page.locator("#meeting-status")).toHaveText("已审定");

  // The open dashboard moves by itself (it asks every few seconds); without JavaScript, on
  // the next load.
  const red = county.page.locator("#tile-flags");
  if (js) {
    await expect(red).toHaveAttribute("data-value", String(redBefore + 1), { timeout: 15_000 });
  } else {
    await expect(async () => {
      await county.page.reload();
      await expect(red).toHaveAttribute("data-value", String(redBefore + 1), { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }

  // The flag is red now (the map's figures are a few seconds old at most).
  await expect(async () => {
    await map.page.reload();
    await expect(flag).toHaveClass(/\bon-track\b/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // A tap on the flag opens its card: secretary, members, the meeting just approved. (Flags
  // crowd at a town's seat: the tap is sent to this flag itself.)
  if (js) await flag.dispatchEvent("click");
  else await map.page.goto((await link.getAttribute("href"))!);
  const card = map.page.locator("#branch-card");
  await expect(card.locator("h2")).toHaveText(branch);
  await expect(card.locator("#card-state")).toHaveText("组织生活按要求开展");
  await expect(card.locator("#card-secretary")).not.toBeEmpty();
  await expect(card.locator("#card-members")).toContainText("人");
  await expect(card.locator("#card-last-meeting")).toContainText(topic);
  await expect(card.locator("#card-last-meeting")).toContainText("已审定");
  // With JavaScript the card comes without leaving the page; without, as the link's page.
  await expect(map.page).toHaveURL(/\/command\/map\?branch=\d+/);

  for (const c of [county, committee, map, reviewer]) await c.ctx.close();
});

test("the map zooms and pans with its script and is all links without; a secretary is refused", async ({ browser }, info) => {
  // The refused page is answered with 403, which Chromium logs.
  test.info().annotations.push({ type: "allow-console", description: "status of 403 (Forbidden)" });
  const county = await openAs(browser, info, "13800000000");
  await county.page.goto("/command/map");
  const svg = county.page.locator("#county-map");
  const whole = await svg.getAttribute("viewBox");
  expect(whole).toBe("0 0 1000 900");
  if (jsEnabled(info.project.name)) {
    await county.page.locator("#zoom-in").click();
    const closer = (await svg.getAttribute("viewBox"))!.split(" ").map(Number);
    expect(closer[2]).toBeLessThan(1000);
    // A slow drag (two pixels a step, as a finger moves) pans: the view's corner moves.
    const box = (await svg.boundingBox())!;
    await county.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await county.page.mouse.down();
    await county.page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 30 });
    await county.page.mouse.up();
    const panned = (await svg.getAttribute("viewBox"))!.split(" ").map(Number);
    expect(panned[0]).not.toBe(closer[0]);
    await county.page.locator("#zoom-reset").click();
    await expect(svg).toHaveAttribute("viewBox", whole!);
  } else {
    // Without the script the whole county shows, and every flag is a link to its card's page.
    await county.page.locator("#zoom-in").click();
    await expect(svg).toHaveAttribute("viewBox", whole!);
    const links = county.page.locator("#flags a");
    const n = await links.count();
    expect(n).toBeGreaterThan(100);
    await expect(county.page.locator('#flags a[href^="/command/map?branch="][href$="#branch-card"]')).toHaveCount(n);
  }

  const secretary = await openAs(browser, info, "13800000002");
  const r = await secretary.page.goto("/command/map");
  expect(r?.status()).toBe(403);
  await expect(secretary.page.locator("#map-error")).toHaveText("您没有访问该内容的权限。");
  for (const c of [county, secretary]) await c.ctx.close();
});
