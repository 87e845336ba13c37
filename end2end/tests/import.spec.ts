import path from "node:path";
import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

// The workbooks are written by the server's `write_e2e_workbooks` test: per project, three
// committees and ten branches under the demo county's root, and 200 members — once with two
// wrong rows (row 7: a wrong check digit; row 12: a branch that does not exist), once fixed.
const book = (project: string, name: string) => path.join(__dirname, "..", "fixtures", "import", `${project}-${name}.xlsx`);

test("the county imports its organizations and members from Excel: wrong rows named, nothing written, then all of it with a progress bar and password sheets", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the import page sends the workbook with the page's script");
  const project = info.project.name;
  await signIn(page, "13800000000", true);
  await page.goto("/me");
  await page.locator("#admin-import").click();
  await expect(page).toHaveURL(/\/admin\/import$/);
  await hydrated(page);

  // The template, as the county's clerks fill it in.
  const [template] = await Promise.all([page.waitForEvent("download"), page.locator("#template-members").click()]);
  expect(template.suggestedFilename()).toBe("党员导入模板.xlsx");

  // Organizations first.
  await page.locator("#import-kind").selectOption("orgs");
  await page.locator("#import-file").setInputFiles(book(project, "orgs"));
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-outcome")).toContainText("已导入");
  await expect(page.locator("#import-outcome")).toContainText("新增 13");
  await expect(page.locator("#import-percent")).toHaveText("100%");

  // Members with two wrong rows: both named by row and column, nothing written.
  await page.locator("#import-kind").selectOption("members");
  await page.locator("#import-file").setInputFiles(book(project, "members-wrong"));
  await page.locator("#import-check").click();
  const problems = page.locator("#import-problems li");
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0)).toContainText("第 7 行「公民身份号码」");
  await expect(problems.nth(1)).toContainText("第 12 行「所在党组织」");
  // The same wrong file is refused when applied, too.
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-refused-rows")).toContainText("没有写入任何数据");

  // Fixed: checked, then applied; the bar reaches 100 % and each branch's sheet is offered once.
  await page.locator("#import-file").setInputFiles(book(project, "members"));
  await page.locator("#import-check").click();
  await expect(page.locator("#import-outcome")).toContainText("检查通过（没有写入）：共 200 行：新增 200");
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-outcome")).toContainText("已导入：共 200 行：新增 200", { timeout: 60_000 });
  await expect(page.locator("#import-progress")).toHaveAttribute("value", "100");
  await expect(page.locator("#import-percent")).toHaveText("100%");
  const sheets = page.locator("#import-sheets a");
  await expect(sheets).toHaveCount(10);
  const [sheet] = await Promise.all([page.waitForEvent("download"), sheets.first().click()]);
  expect(sheet.suggestedFilename()).toMatch(/村党支部-一次性密码\.xlsx$/);

  // Importing the same file again changes nothing.
  await page.locator("#import-apply").click();
  await expect(page.locator("#import-outcome")).toContainText("新增 0，更新 0，未变 200");
});

test("importing is the county's: a branch secretary is refused by the server", async ({ page, request }, info) => {
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000002", js);
  await page.goto("/admin/import");
  await expect(page.locator("#import-refused")).toBeVisible();
  const cookies = await page.context().cookies();
  const response = await request.post("/api/v1/import/members?dry_run=1", {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    multipart: { file: { name: "m.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("PK") } },
  });
  expect(response.status()).toBe(403);
});
