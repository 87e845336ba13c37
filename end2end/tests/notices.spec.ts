import { test, expect, jsEnabled, hydrated, signIn, expectServerFnRefused } from "./fixtures";

test("a flowing branch posts a notice; its members see it on the home screen and in the inbox", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const title = `七月主题党日（${info.project.name}）`;
  const secretaryCtx = await browser.newContext();
  const memberCtx = await browser.newContext();
  const otherCtx = await browser.newContext();
  const secretary = await secretaryCtx.newPage();
  const member = await memberCtx.newPage();
  const other = await otherCtx.newPage();

  await signIn(secretary, "13800000006", js);
  await secretary.goto("/notices");
  if (js) await hydrated(secretary);
  await expect(secretary.getByLabel("发给")).toContainText("流动党支部");
  await secretary.getByLabel("标题").fill(title);
  await secretary.getByLabel("内容").fill("7 月 1 日晚 8 点线上开会，在东莞的同志请准时参加。");
  await secretary.getByRole("button", { name: "发布" }).click();
  await expect(secretary.locator("#notice-posted")).toBeVisible();
  await expect(secretary.locator("#notices")).toContainText(title);

  // A member of the flowing branch: the home screen's "what needs me" shows it.
  await signIn(member, "13800000004", js);
  await member.goto("/");
  await expect(member.locator("#todo")).toContainText("要我办");
  await expect(member.locator("#home-notices")).toContainText(title);
  await expect(member.locator("#home-unread")).toHaveText(/^\d+ 条未读消息$/);
  await expect(member.locator("#home-study")).toHaveText(/^\d+ 项学习未完成$/);
  await member.locator("#home-unread").click();
  await expect(member).toHaveURL(/\/inbox$/);
  await expect(member.locator("#inbox")).toContainText(title);
  await member.locator("#inbox a", { hasText: "通知" }).first().click();
  await expect(member).toHaveURL(/\/notices#n\d+$/);
  await expect(member.locator("#notices")).toContainText("在东莞的同志请准时参加");
  // Members read but do not post: no form, and the server refuses the post itself.
  await expect(member.locator("#post-notice")).toHaveCount(0);
  const branch = await secretary.locator("#n-org option").first().getAttribute("value");
  const refused = `党员发的通知（${info.project.name}）`;
  await expectServerFnRefused(member, "/api/post_notice", { org_id: branch!, title: refused, body: "党员不能发布通知。" });
  await member.goto("/notices");
  await expect(member.locator("main")).not.toContainText(refused);

  // A member of a village branch at home does not get Dongguan's notice.
  await signIn(other, "13800000003", js);
  await other.goto("/notices");
  await expect(other.locator("#notices, #notices-empty")).toBeVisible();
  await expect(other.locator("main")).not.toContainText(title);
  await secretaryCtx.close();
  await memberCtx.close();
  await otherCtx.close();
});

test("a notice without a title gets a clear message and nothing is posted", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  await signIn(page, "13800000002", js);
  await page.goto("/notices");
  if (js) await hydrated(page);
  const before = await page.locator("#notices li").count();
  await page.getByLabel("标题").fill("  ");
  await page.getByLabel("内容").fill("本周五打扫村部卫生。");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.locator("#notice-error")).toHaveText("标题：内容为空、过长或含有不允许的字符");
  await page.goto("/notices");
  await expect(page.locator("#notices li")).toHaveCount(before);
});
