import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

/** A China-time `datetime-local` value `days` from now at `hour`:00. */
function at(days: number, hour: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, "0")}:00`;
}

test("a branch secretary plans a theme party day; members see it on the home screen and are told", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const topic = `学习贯彻全会精神（${info.project.name}）`;
  const secretaryCtx = await browser.newContext();
  const memberCtx = await browser.newContext();
  const secretary = await secretaryCtx.newPage();
  const member = await memberCtx.newPage();

  await signIn(secretary, "13800000002", js);
  await secretary.goto("/org-life");
  if (js) await hydrated(secretary);
  await secretary.getByLabel("类型").selectOption("theme_party_day");
  await secretary.getByLabel("主题").fill(topic);
  await secretary.getByLabel("开始时间").fill(at(5, 9));
  await secretary.getByLabel("结束时间").fill(at(5, 11));
  await secretary.getByLabel("地点").fill("村部会议室");
  await secretary.getByRole("button", { name: "安排并通知党员" }).click();
  await expect(secretary.locator("#meetings-upcoming")).toContainText(topic);

  await signIn(member, "13800000003", js);
  await expect(member.locator("#home-meetings")).toContainText(topic);
  await expect(member.locator("#home-meetings")).toContainText("主题党日");
  await member.goto("/inbox");
  await expect(member.locator("body")).toContainText("会议通知：主题党日");
  await member.goto("/org-life");
  await expect(member.locator("#meetings-upcoming")).toContainText("村部会议室");
  await expect(member.locator("#plan-meeting")).toHaveCount(0);
  await secretaryCtx.close();
  await memberCtx.close();
});

test("a meeting that ends before it starts is refused in Chinese and nothing is planned", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  await signIn(page, "13800000006", js);
  await page.goto("/org-life");
  if (js) await hydrated(page);
  const before = await page.locator("#meetings-upcoming li").count();
  await page.getByLabel("主题").fill("流动党员座谈会");
  await page.getByLabel("开始时间").fill(at(4, 15));
  await page.getByLabel("结束时间").fill(at(4, 14));
  await page.getByLabel("地点").fill("东莞市长安镇");
  await page.getByRole("button", { name: "安排并通知党员" }).click();
  await expect(page.locator("#meeting-error")).toContainText("结束时间");
  await page.goto("/org-life");
  await expect(page.locator("#meetings-upcoming li")).toHaveCount(before);
});
