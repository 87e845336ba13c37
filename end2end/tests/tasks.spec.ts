import { test, expect, jsEnabled, hydrated, chinaDay, openAs } from "./fixtures";

// A 党建任务 from the county to every branch under one town committee: the village branch's
// secretary reports it from the phone, the committee in between returns it with a reason, the
// branch reports again and the committee accepts it. The three projects share one database:
// each sends and follows its own task.

test("a task goes down to a branch, is returned with a reason, reported again and accepted", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const js = jsEnabled(info.project.name);
  const title = `冬训参训情况报送（${info.project.name}）`;
  const open = (mobile: string) => openAs(browser, info, mobile);

  // The committee's name, as the county's form lists it.
  const committee = await open("13800000001");
  await committee.page.goto("/org");
  const committeeName = (await committee.page.locator("#org-name").innerText()).trim();

  const county = await open("13800000000");
  await county.page.goto("/tasks");
  if (js) await hydrated(county.page);
  const form = county.page.locator("#task-dispatch");
  await form.getByLabel("任务名称").fill(title);
  await form.getByLabel("任务要求（支持 Markdown）").fill("各支部组织**冬训**，报送参训人数和情况。");
  await form.getByLabel("截止日期").fill(chinaDay(7));
  await form.getByLabel("范围").selectOption({ label: committeeName });
  await form.getByRole("button", { name: "发布" }).click();
  await expect(county.page).toHaveURL(/\/tasks\/\d+\?sent=1$/);
  await expect(county.page.locator("#notice-sent")).toBeVisible();
  await expect(county.page.locator("#task-title")).toHaveText(title);
  await expect(county.page.locator("#task-brief strong")).toHaveText("冬训");
  const taskUrl = new URL(county.page.url()).pathname;
  const notStarted = Number(await county.page.locator('#task-progress a[data-progress="not_started"] .count').innerText());
  expect(notStarted).toBeGreaterThan(0);

  // The branch sees it on the home screen's 要我办 and reports from the phone.
  const secretary = await open("13800000002");
  await secretary.page.locator(".home-task").filter({ hasText: title }).getByRole("link").click();
  await expect(secretary.page).toHaveURL(new RegExp(`${taskUrl}$`));
  if (js) await hydrated(secretary.page);
  const mine = secretary.page.locator("#task-mine");
  await mine.getByLabel("完成情况").fill("已组织冬训，应到 42 人，实到 40 人。");
  await mine.getByRole("button", { name: "上报完成" }).click();
  await expect(secretary.page.locator("#notice-reported")).toBeVisible();
  await expect(secretary.page.locator('#task-mine .tag[data-progress="waiting"]')).toHaveText("待验收");

  // The committee finds it waiting and returns it: a return needs its reason.
  await committee.page.goto("/tasks");
  await committee.page.locator("#task-review").getByRole("link", { name: title }).first().click();
  await expect(committee.page).toHaveURL(new RegExp(`${taskUrl}$`));
  if (js) await hydrated(committee.page);
  const waiting = committee.page.locator("#task-progress .queue-item").filter({ hasText: "已组织冬训" });
  await expect(waiting).toHaveCount(1);
  if (js) {
    test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
    await waiting.getByRole("button", { name: "退回" }).click();
    await expect(committee.page.locator("#review-error")).toHaveText("验收意见：内容为空、过长或含有不允许的字符");
  }
  await waiting.getByLabel("意见（退回时必填）").fill("请附参训名单");
  await waiting.getByRole("button", { name: "退回" }).click();
  await expect(committee.page.locator("#notice-reviewed")).toBeVisible();

  // The branch reads why, and reports again.
  await secretary.page.goto(taskUrl);
  if (js) await hydrated(secretary.page);
  await expect(secretary.page.locator("#task-mine")).toContainText("退回原因：请附参训名单");
  await secretary.page.locator("#task-mine").getByLabel("完成情况").fill("已组织冬训，实到 40 人，名单见附件。");
  await secretary.page.locator("#task-mine").getByRole("button", { name: "上报完成" }).click();
  await expect(secretary.page.locator("#notice-reported")).toBeVisible();

  // Accepted: done, and the drill-down lists exactly that branch's report.
  await committee.page.goto(taskUrl);
  if (js) await hydrated(committee.page);
  await committee.page.locator("#task-progress .queue-item").filter({ hasText: "名单见附件" }).getByRole("button", { name: "验收通过" }).click();
  await expect(committee.page.locator("#notice-reviewed")).toBeVisible();
  await county.page.goto(`${taskUrl}?progress=done`);
  await expect(county.page.locator('#task-progress a[data-progress="done"] .count')).toHaveText("1");
  await expect(county.page.locator("#task-progress .queue-item")).toHaveCount(1);
  await expect(county.page.locator("#task-progress .queue-item")).toContainText("名单见附件");
  await expect(county.page.locator('#task-progress a[data-progress="not_started"] .count')).toHaveText(String(notStarted - 1));

  // Off the branch's list once accepted.
  await secretary.page.goto("/tasks");
  await expect(secretary.page.locator("#task-todo")).not.toContainText(title);
  for (const c of [committee, county, secretary]) await c.ctx.close();
});

test("a task that asks for a file is reported with a PDF from the phone", async ({ browser }, info) => {
  test.setTimeout(60_000);
  const js = jsEnabled(info.project.name);
  const title = `冬训名单报送（${info.project.name}）`;
  const open = (mobile: string) => openAs(browser, info, mobile);
  const committee = await open("13800000001");
  await committee.page.goto("/org");
  const committeeName = (await committee.page.locator("#org-name").innerText()).trim();
  const county = await open("13800000000");
  await county.page.goto("/tasks");
  if (js) await hydrated(county.page);
  const form = county.page.locator("#task-dispatch");
  await form.getByLabel("任务名称").fill(title);
  await form.getByLabel("截止日期").fill(chinaDay(7));
  await form.getByLabel("完成凭据").selectOption("file");
  await form.getByLabel("范围").selectOption({ label: committeeName });
  await form.getByRole("button", { name: "发布" }).click();
  await expect(county.page).toHaveURL(/\/tasks\/\d+\?sent=1$/);
  const taskUrl = new URL(county.page.url()).pathname;

  // A text file is refused with its message; a PDF is taken, under the name it was sent with.
  const secretary = await open("13800000002");
  await secretary.page.goto(taskUrl);
  if (js) await hydrated(secretary.page);
  const mine = secretary.page.locator("#task-mine");
  await mine.getByLabel("完成情况").fill("冬训名单见附件。");
  await mine.locator('input[type="file"]').setInputFiles({ name: "名单.txt", mimeType: "text/plain", buffer: Buffer.from("张三 李四") });
  if (js) test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  await mine.getByRole("button", { name: "上报完成" }).click();
  await expect(secretary.page.locator("#photo-report-error")).toContainText("只能上传 PDF");
  await mine.getByLabel("完成情况").fill("冬训名单见附件。");
  await mine.locator('input[type="file"]').setInputFiles({ name: "冬训名单.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n") });
  await mine.getByRole("button", { name: "上报完成" }).click();
  await expect(secretary.page.locator("#notice-reported")).toBeVisible();
  await expect(secretary.page.locator("#task-mine .report-files a")).toHaveText("冬训名单.pdf");

  // The committee downloads it and accepts the report.
  await committee.page.goto(taskUrl);
  if (js) await hydrated(committee.page);
  const item = committee.page.locator("#task-progress .queue-item").filter({ hasText: "冬训名单见附件" });
  const link = item.locator(".report-files a");
  await expect(link).toHaveText("冬训名单.pdf");
  const file = await committee.page.request.get(new URL((await link.getAttribute("href"))!, committee.page.url()).toString());
  expect(file.status()).toBe(200);
  expect((await file.body()).toString()).toContain("%PDF-1.7");
  await item.getByRole("button", { name: "验收通过" }).click();
  await expect(committee.page.locator("#notice-reviewed")).toBeVisible();
  for (const c of [committee, county, secretary]) await c.ctx.close();
});
