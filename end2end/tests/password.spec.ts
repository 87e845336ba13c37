import { test, expect, jsEnabled, hydrated } from "./fixtures";

// Imported members start with a one-time password. Each project uses its own member because
// all projects share one database.
const MEMBER: Record<string, string> = { phone: "15010000000", desktop: "15110000000", nojs: "18610000000" };

test("a member with a one-time password is asked to change it, and then can", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  const mobile = MEMBER[info.project.name];
  await page.goto("/login");
  if (js) await hydrated(page);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("密码").fill("demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/me\?change_password=1$/);
  await expect(page.locator("#must-change")).toBeVisible();

  await page.getByLabel("当前密码").fill("demo1234");
  await page.getByLabel("新密码", { exact: true }).fill("党员2026abc");
  await page.getByLabel("确认新密码").fill("党员2026abd");
  if (js) await expect(page.locator("#pw-live")).toHaveText("两次输入的新密码不一致");
  await page.getByLabel("确认新密码").fill("党员2026abc");
  if (js) await expect(page.locator("#pw-live")).toHaveCount(0);
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/password_changed=1/);
  await expect(page.locator("#password-changed")).toHaveText("密码已修改。");
  await expect(page.locator("#must-change")).toHaveCount(0);
});
