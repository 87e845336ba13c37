import { test, expect, jsEnabled, hydrated } from "./fixtures";

test("a demo member signs in, sees their account and signs out", async ({ page }, info) => {
  await page.goto("/login");
  if (jsEnabled(info.project.name)) await hydrated(page);
  await page.getByLabel("手机号").fill("13800000003");
  await page.getByLabel("密码").fill("demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("#user-badge")).toBeVisible();

  await page.goto("/me");
  await expect(page.locator("#account")).toContainText("党员");
  await expect(page.locator("#account")).toContainText("村党支部");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/me");
  await expect(page.getByRole("link", { name: "登录" }).first()).toBeVisible();
  await expect(page.locator("#account")).toHaveCount(0);
});

test("a wrong password gets a clear Chinese message", async ({ page }, info) => {
  // The server answers the script's request with 401, which Chromium logs.
  test.info().annotations.push({ type: "allow-console", description: "status of 401 (Unauthorized)" });
  await page.goto("/login");
  if (jsEnabled(info.project.name)) await hydrated(page);
  await page.getByLabel("手机号").fill("13800000003");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.locator("#login-error")).toHaveText("手机号或密码不正确");
  await expect(page.locator("#user-badge")).toHaveCount(0);
});
