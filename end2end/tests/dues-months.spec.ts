import { execFileSync } from "node:child_process";
import { test, expect, hydrated, signIn } from "./fixtures";

// Runs after every other project (it moves the county's billing months forward): the month-end
// job is run for simulated months with `dangjian reminders --date`, as the daily schedule
// would on those days, against the same database.
function monthEnd(monthsAhead: number): string {
  const now = new Date(Date.now() + 8 * 3600_000); // China time
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead + 1, 0));
  return d.toISOString().slice(0, 10);
}

function runMonthEnd(monthsAhead: number) {
  execFileSync(process.env.SERVER_BIN!, ["reminders", "--date", monthEnd(monthsAhead)], {
    env: process.env,
    stdio: "pipe",
  });
}

test("a bill left unpaid for simulated months raises the 3-month warning and the 6-month flag", async ({ browser }) => {
  // Seven month-ends for the whole demo county (about 20,000 members' bills) take most of half
  // a minute on a 2-core machine with CI's opt-level-1 server: the default 30 s is too tight.
  test.setTimeout(120_000);
  const memberCtx = await browser.newContext();
  const branchCtx = await browser.newContext();
  const member = await memberCtx.newPage();
  const branch = await branchCtx.newPage();
  await signIn(member, "13800000003", true);
  await signIn(branch, "13800000002", true);

  // Paid through this month (the payment test); nothing more for four month-ends: the next
  // three months are overdue and the fourth is the one now billed.
  for (let n = 1; n <= 4; n++) runMonthEnd(n);
  await member.goto("/dues");
  await hydrated(member);
  await expect(member.locator("#arrears")).toHaveAttribute("data-level", "warning");
  await expect(member.locator("#arrears")).toContainText("已连续欠交 3 个月");
  await member.goto("/inbox");
  await expect(member.locator("body")).toContainText("党费欠交预警");

  for (let n = 5; n <= 7; n++) runMonthEnd(n);
  await member.goto("/dues");
  await expect(member.locator("#arrears")).toHaveAttribute("data-level", "leaving_risk");
  await expect(member.locator("#arrears")).toContainText("连续6个月未交纳党费");

  // The branch is told and sees the member flagged; it records the reason it knows.
  await branch.goto("/inbox");
  await expect(branch.locator("body")).toContainText("党员连续6个月未交党费");
  await branch.goto("/admin/dues");
  await hydrated(branch);
  const flagged = branch.locator("#arrears li[data-level=leaving_risk]").first();
  await expect(flagged).toContainText("自行脱党风险");

  // The committee sees it in the ledger and exports the ledger to Excel.
  const committee = await (await browser.newContext()).newPage();
  await signIn(committee, "13800000001", true);
  await committee.goto("/dues/ledger");
  await expect(committee.locator("#ledger-arrears li[data-level=leaving_risk]").first()).toBeVisible();
  const download = committee.waitForEvent("download");
  await committee.locator("#ledger-export").click();
  expect((await download).suggestedFilename()).toMatch(/^dues-ledger-\d+-\d{4}\.xlsx$/);
  await memberCtx.close();
  await branchCtx.close();
});
