import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

// The record trail for the county's auditor: a step found by member and kind of step, its
// fields before and after, a refused filter kept as typed, and the chain checked on demand.
// The three projects share one database: each looks for its own step.

test("the auditor finds a step on the trail, reads it, and checks the chain", async ({ browser }, info) => {
  // The full check reads every event and tracked row of the demo county (about 500,000 rows):
  // seconds alone, longer beside the other projects.
  test.setTimeout(180_000);
  // A refused filter is answered with 422, which Chromium logs.
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  const js = jsEnabled(info.project.name);
  const countyCtx = await browser.newContext();
  const county = await countyCtx.newPage();
  await signIn(county, "13800000000", js);
  await county.goto("/org?q=13800000003");
  const href = await county.locator("#search-hits a").first().getAttribute("href");
  const id = href!.match(/\/members\/(\d+)$/)![1];
  const employer = `记录链测试单位（${info.project.name}）`;
  const r = await county.request.patch(`/api/v1/members/${id}`, { data: { employer } });
  expect(r.status()).toBe(200);
  await countyCtx.close();

  const page = await (await browser.newContext({ viewport: info.project.use.viewport ?? undefined })).newPage();
  await signIn(page, "13800000005", js);
  await page.goto("/trail");
  if (js) await hydrated(page);

  // A name nobody has: the specific refusal, and the form keeps what was typed.
  await page.getByLabel("党员").fill("查无此人");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.locator("#trail-error")).toContainText("党员：没有这名党员");
  await expect(page.getByLabel("党员")).toHaveValue("查无此人");

  // The member by number, only file edits: the county's step with its field before → after.
  await page.getByLabel("党员").fill(id);
  await page.getByLabel("操作").selectOption("member.update");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.locator("#trail-narrowed")).toContainText(`编号 ${id}`);
  const step = page.locator("#trail-events li[data-action]").filter({ hasText: employer });
  await expect(step.first()).toContainText("党员 · 修改档案");
  await expect(step.first()).toContainText(`工作单位：`);
  await expect(step.first()).toContainText(`→ ${employer}`);
  await expect(page.locator("#trail-events li[data-action]:not([data-action='member.update'])")).toHaveCount(0);

  // The whole chain, on demand: intact, with the head hash to copy out.
  await page.getByRole("button", { name: "校验记录链" }).click();
  await expect(page.locator("#trail-check-result")).toContainText("记录链完整", { timeout: 120_000 });
  await expect(page.locator("#trail-head")).toHaveText(/^[0-9a-f]{64}$/);
});
