import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

// The projects share one server and database: each works on its own member of the village
// branch, past the demo logins and the rows the member-file test edits.
const projectIndex = (name: string) => ["phone", "desktop", "nojs"].indexOf(name);

test("a committee admin resets a member's account and makes them branch admin; the member switches roles; a revocation ends it", async ({ browser }, info) => {
  // The one-time password is shown in the answer to the click: administrators' account work
  // runs with the page's script.
  test.skip(!jsEnabled(info.project.name), "account work needs the page's script");
  const secretary = await (await browser.newContext()).newPage();
  await signIn(secretary, "13800000002", true);
  await secretary.goto("/org");
  const row = secretary.locator("#org-roster tbody tr").nth(10 + projectIndex(info.project.name));
  const file = (await row.locator("td a").getAttribute("href"))!;
  const branch = (await secretary.locator("#org-name").innerText()).trim();

  // The committee looks after the accounts of its branches.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "13800000001", true);
  await admin.goto(file);
  await hydrated(admin);
  const access = admin.locator("#member-account");
  await expect(access.locator("#account-state")).toContainText("正常");
  const mobile = (await admin.locator('#member-file dt:text-is("手机号") + dd').innerText()).trim();
  expect(mobile).toMatch(/^1\d{10}$/);
  await access.locator("#account-reset").click();
  const password = (await admin.locator("#handover-password").innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(8);
  await expect(access.locator("#account-state")).toContainText("尚未修改初始密码");
  // The options are the roles this admin may grant along the member's line: the branch's.
  await expect(admin.locator("#grant-role option")).toHaveText([`支部管理员 · ${branch}`]);
  await admin.locator("#grant-submit").click();
  await expect(access.locator("#account-roles")).toContainText(`支部管理员 · ${branch}`);

  // The member signs in with the one-time password, must change it, and acts as branch admin.
  const member = await (await browser.newContext()).newPage();
  await member.goto("/login");
  await hydrated(member);
  await member.getByLabel("手机号").fill(mobile);
  await member.getByLabel("密码").fill(password);
  await member.getByRole("button", { name: "登录" }).click();
  await expect(member).toHaveURL(/\/me\?change_password=1$/);
  await member.getByLabel("当前密码").fill(password);
  await member.getByLabel("新密码", { exact: true }).fill("支部2026abc");
  await member.getByLabel("确认新密码").fill("支部2026abc");
  await member.getByRole("button", { name: "修改密码" }).click();
  await expect(member).toHaveURL(/password_changed=1/);
  await expect(member.locator("#active-role")).toHaveText("支部管理员");
  await hydrated(member);
  const roles = member.locator("#my-roles");
  await expect(roles.locator(".active-role")).toContainText(`支部管理员 · ${branch}`);
  await roles.getByRole("button", { name: /切换为 党员/ }).click();
  await expect(member).toHaveURL(/role_switched=1/);
  await expect(member.locator("#active-role")).toHaveCount(0);

  // Revoked from above: the member's very next request is signed out.
  await access.locator(".revoke-role").click();
  await expect(access.locator("#account-roles")).not.toContainText("支部管理员");
  await member.goto("/me");
  await expect(member.locator("#user-badge")).toHaveCount(0);
  await expect(member.getByRole("link", { name: "登录" }).first()).toBeVisible();
});
