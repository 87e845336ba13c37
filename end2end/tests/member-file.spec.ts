import { test, expect, jsEnabled, hydrated, signIn, expectServerFnRefused } from "./fixtures";

// The three projects share one server and database: each edits its own member.
const projectIndex = (name: string) => ["phone", "desktop", "nojs"].indexOf(name);

test("a branch secretary opens the roster, edits a member's file, and the change is recorded", async ({ page }, info) => {
  // The rejected mobile number is answered with 422, which Chromium logs.
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000002", js);
  await page.goto("/me");
  await page.locator("#my-org").click();
  await expect(page).toHaveURL(/\/org$/);
  await expect(page.locator("#org-name")).toContainText("支部");
  const roster = page.locator("#org-roster");
  // Lists mask personal numbers, whoever reads them.
  await expect(roster.locator("tbody tr").first().locator("td").nth(2)).toHaveText(/^1\d{2}\*{4}\d{4}$/);
  // Past the demo logins (the first five of the branch), one member per project.
  const row = roster.locator("tbody tr").nth(5 + projectIndex(info.project.name));
  const name = (await row.locator("td a").innerText()).trim();
  await row.locator("td a").click();
  await expect(page.locator("#member-name")).toHaveText(name);
  if (js) await hydrated(page);
  // An administrator in scope sees the numbers in full.
  await expect(page.locator("#member-file")).toContainText(/1\d{10}/);

  const form = page.locator("#member-file ~ section").filter({ hasText: "编辑档案" });
  await form.locator("summary").click();
  // Bad input: a specific message, nothing saved.
  await page.getByLabel("手机号").fill("12345");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#member-edit-error")).toContainText("手机号");
  await expect(page.locator("#member-history")).toContainText("建档以来没有变更");

  const employer = `新田县第${projectIndex(info.project.name) + 1}中学（${info.project.name}）`;
  // The form stays open with the rejected input, with or without JavaScript.
  await expect(page.getByLabel("工作单位")).toBeVisible();
  await page.getByLabel("手机号").fill(`1990000${String(7000 + projectIndex(info.project.name)).padStart(4, "0")}`);
  await page.getByLabel("工作单位").fill(employer);
  // An identity field the workbook cannot change is corrected here (瑶 is read as 瑶族).
  await page.getByLabel("民族").fill("瑶");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#member-saved")).toBeVisible();
  await expect(page.locator("#member-file")).toContainText(employer);
  const history = page.locator("#member-history");
  await expect(history).toContainText(`工作单位：（空） → ${employer}`);
  await expect(history).toContainText(/民族：\S+ → 瑶族/);
  await expect(history).toContainText("手机号");
});

test("a member sees their own file in full and cannot open anyone else's", async ({ page, browser }, info) => {
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000003", js);
  await page.goto("/me");
  await page.locator("#my-file").click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  const ownFile = new URL(page.url()).pathname;
  await expect(page.locator("#member-file")).toContainText("13800000003");
  // The year from the records that hold it: org life, dues, points with the ledger.
  await expect(page.locator("#member-year-orglife")).toContainText(/参加 \d+ 次，请假 \d+ 次，无故缺席 \d+ 次/);
  await expect(page.locator("#member-year-points")).toContainText(/本年 -?\d+ 分/);
  await expect(page.getByText("编辑档案")).toHaveCount(0);
  // Nor does the server take the edit form from the member. The request is the form exactly as
  // the branch secretary would send it for this file, one field changed, so only the permission
  // stands between it and a saved change.
  const secretaryCtx = await browser.newContext();
  const secretary = await secretaryCtx.newPage();
  await signIn(secretary, "13800000002", js);
  await secretary.goto(ownFile);
  const form: Record<string, string> = {};
  for (const field of await secretary.locator("#member-file ~ section").filter({ hasText: "编辑档案" }).locator("form [name]").all()) {
    form[(await field.getAttribute("name"))!] = await field.inputValue();
  }
  await secretaryCtx.close();
  expect(Object.keys(form).sort()).toEqual(
    ["education", "employer", "ethnicity", "flowing_destination", "full_on", "id", "id_number", "job", "joined_on", "mobile", "name", "remarks", "rewards_penalties", "sex", "status", "training_hours"],
  );
  form.training_hours = String(Number(form.training_hours) + 1);
  const history = (await page.locator("#member-history").textContent())!;
  await expectServerFnRefused(page, "/api/update_member", form);
  await page.goto(ownFile);
  await expect(page.locator("#member-history")).toHaveText(history);

  await page.goto("/members/1");
  await expect(page.locator("#member-error")).toHaveText("您没有访问该内容的权限");

  // Their branch's public page, without the roster.
  await page.goto("/org");
  await expect(page.locator("#org-name")).toContainText("支部");
  await expect(page.locator("#org-info")).toBeVisible();
  await expect(page.locator("#org-roster")).toHaveCount(0);
});

test("the county admin drills down from the county to a branch", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000000", js);
  await page.goto("/org");
  await expect(page.locator("#org-name")).toContainText("新田县");
  // The demo's 20,138 members, and those other tests added since (new members, moved-in ones).
  const total = (await page.locator("#org-roster").innerText()).match(/共 (\d+) 名/);
  expect(Number(total?.[1])).toBeGreaterThanOrEqual(20138);
  await page.locator("#org-children a").filter({ hasText: "龙泉镇" }).first().click();
  await expect(page.locator("#org-name")).toContainText("龙泉镇");
  await page.locator("#next-page").click();
  await expect(page.locator("#org-roster")).toContainText("第 2 /");
});
