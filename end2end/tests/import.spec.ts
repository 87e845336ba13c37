import { spawn, execFileSync, ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { test, expect, jsEnabled, hydrated } from "./fixtures";
import { sharedStrings } from "./xlsx";

// A real county moving in, on a fresh production server of its own (not the demo county the
// other tests share): `dangjian init`, the first administrator's one-time password, the
// county's workbooks (written by the server's `write_e2e_workbooks` test: three committees,
// ten branches, 200 members; once with two wrong rows — row 7, a wrong check digit; row 12, a
// branch that does not exist — and once fixed), a branch secretary made from above, who signs
// in with the password sheet, sees exactly the branch's members, adds one and finds them.
const book = (project: string, name: string) => path.join(__dirname, "..", "fixtures", "import", `${project}-${name}.xlsx`);
const TOWN: Record<string, string> = { phone: "云岭", desktop: "星河" };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let server: ChildProcess | undefined;
let dir = "";
test.afterEach(() => {
  server?.kill();
  server = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A production server on an empty database, initialized; its address and the printed password. */
async function freshCounty(): Promise<{ url: string; password: string }> {
  const bin = process.env.SERVER_BIN;
  if (!bin) throw new Error("SERVER_BIN is not set: run through scripts/e2e.sh");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dangjian-county-"));
  const port = await freePort();
  const env = {
    ...process.env,
    DANGJIAN_DATABASE_URL: `sqlite://${dir}/county.db`,
    DANGJIAN_DEMO: "false",
    DANGJIAN_LISTEN: `127.0.0.1:${port}`,
    RUST_LOG: "warn",
  };
  const printed = execFileSync(bin, ["init", "--county", "中共新田县委组织部", "--admin-mobile", "13900000001"], { env }).toString();
  const password = /一次性密码[^：]*：(\S+)/.exec(printed)?.[1];
  if (!password) throw new Error(`no password in: ${printed}`);
  server = spawn(bin, ["serve"], { env, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, password };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the fresh server did not start");
}

async function changePassword(page: import("@playwright/test").Page, current: string, next: string) {
  await expect(page).toHaveURL(/\/me\?change_password=1$/);
  await page.getByLabel("当前密码").fill(current);
  await page.getByLabel("新密码", { exact: true }).fill(next);
  await page.getByLabel("确认新密码").fill(next);
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/password_changed=1/);
}

test("a county moves in: init, its workbooks imported with problems named and a progress bar, a secretary made from above who signs in from the password sheet", async ({ page, browser }, info) => {
  test.skip(!jsEnabled(info.project.name), "the import page sends the workbook with the page's script");
  test.setTimeout(120_000);
  const project = info.project.name;
  const town = TOWN[project];
  const { url, password } = await freshCounty();

  // The first administrator signs in with the printed password and must change it.
  await page.goto(`${url}/login`);
  await hydrated(page);
  await page.getByLabel("手机号").fill("13900000001");
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await changePassword(page, password, "县委2026abc");
  await page.locator("#me-admin-nav-import").click();
  await expect(page).toHaveURL(/\/admin\/import$/);
  await hydrated(page);

  // The template, as the county's clerks fill it in.
  const [template] = await Promise.all([page.waitForEvent("download"), page.locator("#template-members").click()]);
  expect(template.suggestedFilename()).toBe("党员导入模板.xlsx");

  // Organizations first.
  await page.locator("#import-kind").selectOption("orgs");
  await page.locator("#import-file").setInputFiles(book(project, "orgs"));
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-outcome")).toContainText("已导入：共 13 行：新增 13");

  // Members with two wrong rows: both named by row and column, nothing written.
  await page.locator("#import-kind").selectOption("members");
  await page.locator("#import-file").setInputFiles(book(project, "members-wrong"));
  await page.locator("#import-check").click();
  const problems = page.locator("#import-problems li");
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0)).toContainText("第 7 行「公民身份号码」");
  await expect(problems.nth(1)).toContainText("第 12 行「所在党组织」");
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-refused-rows")).toContainText("没有写入任何数据");

  // Fixed: applied, the bar at 100 %, a password workbook per branch.
  await page.locator("#import-file").setInputFiles(book(project, "members"));
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-outcome")).toContainText("已导入：共 200 行：新增 200", { timeout: 60_000 });
  await expect(page.locator("#import-progress")).toHaveAttribute("value", "100");
  await expect(page.locator("#import-percent")).toHaveText("100%");
  await expect(page.locator("#import-sheets a")).toHaveCount(10);
  const branch = `${town}1镇第1村党支部`;
  const [sheet] = await Promise.all([
    page.waitForEvent("download"),
    page.locator("#import-sheets a").filter({ hasText: branch }).click(),
  ]);
  const strings = sharedStrings(fs.readFileSync((await sheet.path())!));
  // Row 2 of the workbook (person 0) is the branch's first member: 王建国, 177?0001000.
  const mobile = project === "phone" ? "17700001000" : "17710001000";
  const secretPassword = strings[strings.indexOf(mobile) + 1];
  expect(secretPassword, `${strings}`).toMatch(/^\S{8,}$/);

  // The county makes that member the branch's secretary (from the member's file, found by mobile).
  await page.goto(`${url}/org?q=${mobile.slice(-4)}`);
  await page.locator("#search-hits a").first().click();
  await hydrated(page);
  await page.locator("#grant-role").selectOption({ label: `支部管理员 · ${branch}` });
  await page.locator("#grant-submit").click();
  await expect(page.locator("#account-roles")).toContainText(`支部管理员 · ${branch}`);

  // The secretary signs in with the sheet's password, changes it, and sees exactly the branch.
  const secretary = await (await browser.newContext({ baseURL: url })).newPage();
  await secretary.goto("/login");
  await hydrated(secretary);
  await secretary.getByLabel("手机号").fill(mobile);
  await secretary.getByLabel("密码").fill(secretPassword);
  await secretary.getByRole("button", { name: "登录" }).click();
  await changePassword(secretary, secretPassword, "支部2026abc");
  await expect(secretary.locator("#active-role")).toHaveText("支部管理员");
  await secretary.goto("/org");
  await expect(secretary.locator("#org-name")).toHaveText(branch);
  await expect(secretary.locator("#org-roster")).toContainText("共 20 名");

  // Adds a member (checked as an import row: a wrong check digit named first), then finds them
  // by pinyin initials.
  await secretary.locator("#new-member").click();
  await hydrated(secretary);
  await secretary.getByLabel("姓名").fill("欧阳新华");
  await secretary.getByLabel("性别").selectOption("女");
  await secretary.getByLabel("公民身份号码").fill("431128199001020121");
  await secretary.getByLabel("手机号码").fill("17766660001");
  await secretary.getByLabel("学历").fill("本科");
  await secretary.getByLabel("入党日期").fill("2015-07-01");
  await secretary.locator("#new-member-submit").click();
  await expect(secretary.locator("#new-member-error")).toContainText("公民身份号码");
  await secretary.getByLabel("公民身份号码").fill("431128199001020120");
  await secretary.locator("#new-member-submit").click();
  await expect(secretary).toHaveURL(/\/members\/\d+\?created=1$/);
  await expect(secretary.locator("#member-name")).toHaveText("欧阳新华");
  await expect(secretary.locator("#member-file")).toContainText("预备");
  await secretary.goto("/org?q=oyxh");
  await expect(secretary.locator("#search-hits")).toContainText("欧阳新华");
  await secretary.goto("/org?q=wxy");
  await expect(secretary.locator("#search-hits")).toContainText("王秀英");
});

test("without scripts the import page still checks and imports: the plain form's upload, a page that refreshes itself until the job ends", async ({ page }, info) => {
  test.skip(jsEnabled(info.project.name), "the page's script sends the workbook when it runs");
  test.setTimeout(120_000);
  const { url, password } = await freshCounty();
  await page.goto(`${url}/login`);
  await page.getByLabel("手机号").fill("13900000001");
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await changePassword(page, password, "县委2026abc");

  // The desktop project's workbooks, on this project's own fresh county.
  await page.goto(`${url}/admin/import`);
  await page.locator("#import-kind").selectOption("orgs");
  await page.locator("#import-file").setInputFiles(book("desktop", "orgs"));
  await page.locator("#import-apply").click();
  await expect(page).toHaveURL(/\/admin\/import\?job=\d+$/);
  await expect(page.locator("#import-outcome")).toContainText("已导入：共 13 行：新增 13");

  // Two wrong rows, named; nothing written.
  await page.locator("#import-file").setInputFiles(book("desktop", "members-wrong"));
  await page.locator("#import-check").click();
  const problems = page.locator("#import-problems li");
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0)).toContainText("第 7 行「公民身份号码」");
  await expect(problems.nth(1)).toContainText("第 12 行「所在党组织」");

  // Fixed and applied: the page refreshes itself through the stages to the result, with the
  // branches' password workbooks as plain links.
  await page.locator("#import-file").setInputFiles(book("desktop", "members"));
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-outcome")).toContainText("已导入：共 200 行：新增 200", { timeout: 60_000 });
  await expect(page.locator("#import-percent")).toHaveText("100%");
  await expect(page.locator("#import-sheets a")).toHaveCount(10);
  const [sheet] = await Promise.all([page.waitForEvent("download"), page.locator("#import-sheets a").first().click()]);
  expect(sharedStrings(fs.readFileSync((await sheet.path())!))).toContain("一次性密码");

  // A refused upload comes back to the page with the reason in Chinese.
  await page.goto(`${url}/admin/import`);
  await page.locator("#import-file").setInputFiles({ name: "empty.xlsx", mimeType: "application/octet-stream", buffer: Buffer.alloc(0) });
  await page.locator("#import-check").click();
  await expect(page).toHaveURL(/\/admin\/import\?error=bad_request$/);
  await expect(page.locator("#import-note")).toBeVisible();
});
