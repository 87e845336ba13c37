import { test, expect, jsEnabled, signIn } from "./fixtures";
import type { Browser } from "@playwright/test";

// What a visitor finds on first start (docs/operations.md#the-demo-county). Projects share the
// database and run one after another: each check holds whatever earlier tests added.

async function open(browser: Browser, mobile: string, js: boolean) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, mobile, js);
  return { ctx, page };
}

test("the Dongguan branch has two months of history: notices, theme party days with photos, dues paid online", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const { ctx, page } = await open(browser, "13800000004", js);

  await page.goto("/notices");
  await expect(page.locator("#notices")).toContainText("十月主题党日安排");
  await expect(page.locator("#notices")).toContainText("本月主题党日预告");
  await expect(page.locator("#notices")).toContainText("关于开展党员组织关系排查的通知");

  await page.goto("/dues");
  const online = page.locator("#receipt-list li", { hasText: "微信支付" });
  expect(await online.count()).toBeGreaterThanOrEqual(2);
  await expect(page.locator("#receipt-list li", { hasText: "现金" }).first()).toBeVisible();

  await page.goto("/org-life");
  await expect(page.locator("#meetings-upcoming")).toContainText("学习全会精神，交流务工心得");
  await page.locator("#meetings-recent a", { hasText: "重温入党誓词" }).click();
  await expect(page.locator("#meeting-status")).toHaveText("已审定");
  await expect(page.locator("#photos li")).toHaveCount(2);
  // The photos are in the file store the server reads.
  const src = await page.locator("#photos li img").first().getAttribute("src");
  const photo = await page.request.get(src!);
  expect(photo.status()).toBe(200);
  expect(photo.headers()["content-type"]).toBe("image/jpeg");
  await page.goto("/org-life");
  await page.locator("#meetings-recent a", { hasText: "参观松山湖产业园区" }).click();
  await expect(page.locator("#meeting-status")).toHaveText("待县委审定");
  await ctx.close();
});

test("the village branch's meetings wait at each step of their review; suggestions at each step of theirs", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const committee = await open(browser, "13800000001", js);
  await committee.page.goto("/review");
  await expect(committee.page.locator("#review-queue")).toContainText("研究年底走访慰问困难党员");
  await committee.page.goto("/suggestions");
  await expect(committee.page.locator(".queue-item", { hasText: "修缮村里的水渠" })).toContainText("已转上级");

  const county = await open(browser, "13800000000", js);
  await county.page.goto("/review");
  await expect(county.page.locator("#review-queue")).toContainText("参观松山湖产业园区");

  const secretary = await open(browser, "13800000002", js);
  await secretary.page.goto("/org-life");
  await secretary.page.locator("#meetings-recent a", { hasText: "发展壮大村集体经济" }).click();
  await expect(secretary.page.locator("#meeting-status")).toHaveText("已退回修改");
  await expect(secretary.page.locator("#history")).toContainText("请补充会议照片");
  await secretary.page.goto("/suggestions");
  await expect(secretary.page.locator(".queue-item", { hasText: "村口路灯坏了" })).toContainText("待处理");
  await expect(secretary.page.locator(".queue-item", { hasText: "组织党员帮扶留守老人" })).toContainText("已采纳");
  for (const s of [committee, county, secretary]) await s.ctx.close();
});
