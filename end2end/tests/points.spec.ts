import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

test("a member sees their points, the rules, and a preview of the next action", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000003", js);
  await page.goto("/points");
  if (js) await hydrated(page);
  await expect(page.locator("#points-year")).toHaveText(/^\d+$/);
  await expect(page.locator("#points-rules")).toContainText("阅读文章");
  await expect(page.locator("#points-rules")).toContainText("登录、在线时长和点击次数一律不计积分");
  // Nothing booked today yet in the demo data, so the first article earns its full point.
  await expect(page.locator("#points-preview")).toHaveText(/^阅读文章：本次获得 1 分，今日还可获得 \d+ 分$/);
  if (js) {
    await page.locator("#points-action").selectOption("quiz_partial");
    await expect(page.locator("#points-preview")).toHaveText(/^在线答题：本次获得 1 分/);
    await page.locator("#points-action").selectOption("quiz_full");
    await expect(page.locator("#points-preview")).toHaveText(/^在线答题：本次获得 2 分/);
  }
});

test("signed out, the points page offers the login and still shows the rules", async ({ page }) => {
  await page.goto("/points");
  await expect(page.getByRole("main").getByRole("link", { name: "登录" })).toBeVisible();
  await expect(page.locator("#points-rules")).toBeVisible();
});
