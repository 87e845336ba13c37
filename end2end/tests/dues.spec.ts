import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

// Each project pays with its own member (the demo county leaves the demo logins' bills for
// this month open): phone — a village member and the village secretary; desktop — a flowing
// member in Dongguan and the flowing branch's secretary; no JavaScript — the committee
// administrator's own bill, confirmed by the county.
const people: Record<string, { member: string; branch: string }> = {
  phone: { member: "13800000003", branch: "13800000002" },
  desktop: { member: "13800000004", branch: "13800000006" },
  nojs: { member: "13800000001", branch: "13800000000" },
};

test("the payslip gives the base and the dues at once, with no request @js", async ({ page }) => {
  await signIn(page, "13800000003", true);
  await page.goto("/dues");
  await hydrated(page);
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.locator("#base-category").selectOption("employed");
  await page.getByText("按工资条计算基数").click();
  await page.locator("#base-p-basic_salary").fill("5200");
  await page.locator("#base-p-income_tax").fill("100");
  await page.locator("#base-p-housing_fund").fill("600");
  await expect(page.locator("#base-preview")).toHaveText("每月应交 45.00 元");
  await expect(page.locator("#base-amount")).toHaveValue("4500.00");
  await page.locator("#base-p-basic_salary").fill("五千");
  await expect(page.locator("#base-preview")).toContainText("金额");
  expect(requests, "no request while calculating").toEqual([]);
});

test("a member's base is confirmed by the branch; the bill is paid through WeChat Pay (simulator) and credited once", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const who = people[info.project.name];
  const memberCtx = await browser.newContext();
  const branchCtx = await browser.newContext();
  const member = await memberCtx.newPage();
  const branch = await branchCtx.newPage();

  await signIn(member, who.member, js);
  await member.goto("/");
  await expect(member.locator("#home-dues")).toHaveText(/^党费待交 \d+\.\d\d 元$/);
  await member.locator("#home-dues").click();
  await expect(member).toHaveURL(/\/dues$/);
  if (js) await hydrated(member);
  await member.locator("#base-category").selectOption("employed");
  await member.locator("#base-amount").fill("8000");
  if (js) await expect(member.locator("#base-preview")).toHaveText("每月应交 120.00 元");
  await member.locator("#base-submit").click();
  if (js) await expect(member.locator("#base-history")).toContainText("待支部确认");
  else await expect(member.locator("#base-submitted")).toBeVisible();

  // The branch confirms (the county, for the committee administrator's own file).
  await signIn(branch, who.branch, js);
  await branch.goto("/admin/dues");
  if (js) await hydrated(branch);
  const row = branch.locator("#bases .row").filter({ hasText: "8000.00" }).first();
  await expect(row).toContainText("120.00");
  await row.getByRole("button", { name: "确认" }).click();
  if (!js) await expect(branch.locator("#admin-done")).toBeVisible();
  await expect(branch.locator("#bases .row").filter({ hasText: "8000.00" })).toHaveCount(0);

  // The member pays what is open, on the payment page, and comes back to a receipt.
  await member.goto("/dues");
  await expect(member.locator("#dues-monthly")).toHaveText("每月 120.00 元");
  // Receipts so far: what the branch collected in cash before the platform.
  const receiptsBefore = await member.locator("#receipt-list li").count();
  const total = (await member.locator("#open-total").innerText()).replace(/[^0-9.]/g, "");
  await member.locator("#pay-open").click();
  await expect(member).toHaveURL(/\/paysim\/checkout\//);
  await expect(member.locator("body")).toContainText(`¥${total}`);
  await member.locator("#sim-pay").click();
  await expect(member).toHaveURL(/\/dues\?paid=DJ\d+/);
  const no = new URL(member.url()).searchParams.get("paid")!;
  await expect(member.locator("#pay-returned")).toHaveAttribute("data-state", "paid");
  await expect(member.locator("#no-bills")).toBeVisible();
  const receipt = member.locator(`#receipt-list li[data-trade="${no}"]`);
  await expect(receipt).toContainText(`${total} 元`);
  await expect(receipt).toContainText("微信支付");

  // WeChat Pay sends the same notification again: acknowledged, not credited twice.
  const sent = await (await member.request.get(`/paysim/notifications/${no}`)).json();
  const headers: Record<string, string> = Object.fromEntries(sent.headers);
  for (let i = 0; i < 2; i++) {
    const r = await member.request.post("/api/v1/dues/wechat/notify", { headers, data: sent.body });
    expect(r.status()).toBe(204);
  }
  // A tampered one is refused.
  const forged = await member.request.post("/api/v1/dues/wechat/notify", {
    headers,
    data: sent.body.replace('"id":"', '"id":"x'),
  });
  expect(forged.status()).toBe(401);
  await member.goto("/dues");
  await expect(member.locator(`#receipt-list li[data-trade="${no}"]`)).toHaveCount(1);
  await expect(member.locator("#receipt-list li")).toHaveCount(receiptsBefore + 1);
  await expect(member.locator("#no-bills")).toBeVisible();
  await memberCtx.close();
  await branchCtx.close();
});

test("a bad base is refused in Chinese and nothing is submitted", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  await signIn(page, "13800000004", js);
  await page.goto("/dues");
  if (js) await hydrated(page);
  const before = await page.locator("#base-history li").count();
  await page.locator("#base-category").selectOption("employed");
  await page.locator("#base-amount").fill("八千");
  await page.locator("#base-submit").click();
  await expect(page.locator("#base-error")).toContainText("月交纳基数");
  await expect(page.locator("#base-error")).toContainText("金额");
  await page.goto("/dues");
  await expect(page.locator("#base-history li")).toHaveCount(before);
});

test("inside WeChat's browser the member pays with WeChat's own payment sheet (JSAPI) @js", async ({ browser }) => {
  const ctx = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await ctx.newPage();
  await signIn(page, "13800000003", true);
  await page.goto("/dues");
  await hydrated(page);
  const before = await page.locator("#receipt-list li").count();
  await page.getByText("自愿多交党费").click();
  await page.locator("#voluntary-amount").fill("5");
  await page.locator("#voluntary-form").getByRole("button", { name: "支付" }).click();
  // WeChat's silent authorization, then its payment sheet (the simulator's stand-in).
  await page.locator("#sim-jsapi-pay").click();
  await expect(page).toHaveURL(/\/dues\?paid=DJ\d+$/);
  await expect(page.locator("#pay-returned")).toHaveAttribute("data-state", "paid");
  await expect(page.locator("#receipt-list li")).toHaveCount(before + 1);
  await expect(page.locator("#receipt-list li").first()).toContainText("5.00 元");
  await expect(page.locator("#receipt-list li").first()).toContainText("自愿多交");
  await ctx.close();
});
