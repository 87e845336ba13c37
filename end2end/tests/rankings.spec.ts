import { test, expect, jsEnabled, hydrated, signIn, ledgerPoints, villageBoard, placeAmong, expectServerFnRefused } from "./fixtures";

async function setPolicy(page: import("@playwright/test").Page, js: boolean, memberRanking: string) {
  await page.goto("/rankings");
  if (js) await hydrated(page);
  await page.locator("#policy summary").click();
  await page.locator("#vis-member_ranking").selectOption(memberRanking);
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.locator("#policy-saved")).toBeVisible();
}

// Projects run one after another against one database; the test puts back the demo's policy
// (members see their branch's board: docs/operations.md#the-demo-county).
test("ranking boards follow the visibility policy the county sets", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const county = await browser.newContext();
  const member = await browser.newContext();
  const admin = await county.newPage();
  const me = await member.newPage();
  await signIn(admin, "13800000000", js);
  await signIn(me, "13800000003", js);

  await setPolicy(admin, js, "self_only");
  // The county board shows its leaders at a glance, and every organization one link away.
  await expect(admin.locator("#board-county li")).toHaveCount(30);
  await expect(admin.locator("#board-county")).toContainText("显示前 30 名");
  await admin.locator("#board-county a.show-all").click();
  await expect(admin).toHaveURL(/\/rankings\?full=1$/);
  const whole = await admin.locator("#board-county").textContent();
  const total = Number(/共 (\d+) 个组织/.exec(whole ?? "")?.[1]);
  expect(total).toBeGreaterThan(30);
  await expect(admin.locator("#board-county li")).toHaveCount(total);
  await expect(admin.locator("#board-county a.show-all")).toHaveCount(0);
  await me.goto("/rankings");
  await expect(me.locator("#my-rank")).toHaveText(/^我排第 \d+ 名（共 \d+ 人），今年 -?\d+ 分。$/);
  await expect(me.locator("#board-members")).toContainText("仅本人可见");
  await expect(me.locator("#board-members li")).toHaveCount(0);
  // Members may not change the policy: no form, and the server refuses the form's request
  // (the policy now in force, so nothing would change had it been taken).
  await expect(me.locator("#policy")).toHaveCount(0);
  await expectServerFnRefused(me, "/api/set_visibility", {
    member_ranking: "self_only",
    branch_ranking: "own_organization",
    committee_ranking: "own_organization",
    lists: "self_only",
    ranking_nudges: "self_only",
  });

  await setPolicy(admin, js, "public");
  await me.goto("/rankings");
  const rows = me.locator("#board-members li");
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(me.locator("#board-committee")).toContainText("支部排名");

  await setPolicy(admin, js, "off");
  await me.goto("/rankings");
  await expect(me.locator("#board-members")).toHaveCount(0);

  await setPolicy(admin, js, "own_organization");
  await county.close();
  await member.close();
});

test("the home page shows a member's points and place in the branch", async ({ page, browser }, info) => {
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000003", js);
  // Worked out apart from the home page's own numbers: the points from the member's ledger
  // (/points), the place from every member's points on the branch's full board (as the
  // secretary sees it), yesterday's place from the board as it stood when the run began
  // (global-setup.ts: the demo history ends yesterday and nothing is booked before the tests).
  const mine = await ledgerPoints(page);
  const board = await villageBoard(browser, js);
  const place = placeAmong(board.points, mine.year);
  const atStart: number[] = JSON.parse(process.env.E2E_VILLAGE_POINTS_AT_START ?? "null");
  expect(atStart, "global-setup.ts recorded the board at the start").not.toBeNull();
  const yesterday = mine.year - mine.today;
  expect(atStart, "the member's points at the end of yesterday are on the board as it began (a run that crossed midnight, China time, cannot tell)").toContain(yesterday);
  const before = placeAmong(atStart, yesterday);
  const moved = before > place ? `排名上升了 ${before - place} 位` : before < place ? `排名下降了 ${place - before} 位` : "排名不变";

  await page.goto("/");
  await expect(page.locator("#home-today")).toHaveText(String(mine.today));
  await expect(page.locator("#home-year")).toHaveText(String(mine.year));
  await expect(page.locator("#home-rank")).toHaveText(`在${board.branch}排第 ${place} 名（共 ${board.points.length} 人），${moved}。`);
});

test("signed out, the home page has no personal card", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".hero")).toBeVisible();
  await expect(page.locator("#my-day")).toHaveCount(0);
});
