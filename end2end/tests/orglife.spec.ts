import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { test, expect, jsEnabled, hydrated, signIn, ledgerPoints, expectServerFnRefused } from "./fixtures";

/** A China-time `datetime-local` value `days` from now at `hour`:00. */
function at(days: number, hour: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, "0")}:00`;
}

test("a flowing branch plans a theme party day from afar; its members see it on the home screen and are told", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const topic = `学习贯彻全会精神（${info.project.name}）`;
  const secretaryCtx = await browser.newContext();
  const memberCtx = await browser.newContext();
  const secretary = await secretaryCtx.newPage();
  const member = await memberCtx.newPage();

  await signIn(secretary, "13800000006", js);
  await secretary.goto("/org-life");
  if (js) await hydrated(secretary);
  await secretary.getByLabel("类型").selectOption("theme_party_day");
  await secretary.getByLabel("主题").fill(topic);
  await secretary.getByLabel("开始时间").fill(at(5, 9));
  await secretary.getByLabel("结束时间").fill(at(5, 11));
  await secretary.getByLabel("地点").fill("东莞市长安镇党群服务中心");
  await secretary.getByRole("button", { name: "安排并通知党员" }).click();
  await expect(secretary.locator("#meetings-upcoming")).toContainText(topic);

  await signIn(member, "13800000004", js);
  await expect(member.locator("#home-meetings")).toContainText(topic);
  await expect(member.locator("#home-meetings")).toContainText("主题党日");
  await member.goto("/inbox");
  await expect(member.locator("body")).toContainText("会议通知：主题党日");
  await member.goto("/org-life");
  await expect(member.locator("#meetings-upcoming")).toContainText("东莞市长安镇党群服务中心");
  await expect(member.locator("#plan-meeting")).toHaveCount(0);
  // Nor does the server take the plan from the member, had the form been sent anyway.
  const branch = await secretary.locator("#m-org option").first().getAttribute("value");
  const refused = `越权安排（${info.project.name}）`;
  await expectServerFnRefused(member, "/api/plan_meeting", {
    org_id: branch!,
    kind: "theme_party_day",
    topic: refused,
    starts_at: at(6, 9),
    ends_at: at(6, 11),
    place: "东莞市长安镇党群服务中心",
  });
  await member.goto("/org-life");
  await expect(member.locator("main")).not.toContainText(refused);
  await secretaryCtx.close();
  await memberCtx.close();
});

test("a meeting that ends before it starts is refused in Chinese and nothing is planned", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  await signIn(page, "13800000006", js);
  await page.goto("/org-life");
  if (js) await hydrated(page);
  const topic = `流动党员座谈会（${info.project.name}）`;
  await page.getByLabel("主题").fill(topic);
  await page.getByLabel("开始时间").fill(at(4, 15));
  await page.getByLabel("结束时间").fill(at(4, 14));
  await page.getByLabel("地点").fill("东莞市长安镇");
  await page.getByRole("button", { name: "安排并通知党员" }).click();
  await expect(page.locator("#meeting-error")).toContainText("结束时间");
  await page.goto("/org-life");
  await expect(page.locator("#meetings-upcoming")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(topic);
});

/** Start and end (two hours later) of a meeting that signs in now and still starts today, China
 * time, since compliance counts meetings up to today: ten minutes ahead, at most 23:59. */
function soonToday(): [string, string] {
  const now = Date.now() + 8 * 3600_000;
  const minuteOfDay = Math.floor(now / 60_000) % 1440;
  const start = now + Math.min(10, 1439 - minuteOfDay) * 60_000;
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  return [at(start), at(start + 120 * 60_000)];
}

/** Saves the record being written and opens it afresh. With JavaScript the page loads the
 * record again in the background once saved and redraws it with new forms (an upload started
 * from the old photo form reports its refusal to the form that was replaced, so the refusal
 * never shows): what the test does next waits for a page that is done, loaded and hydrated. */
async function saveRecord(page: Page, js: boolean) {
  await page.getByRole("button", { name: "保存记录" }).click();
  await expect(page.locator("#notice-saved")).toBeVisible();
  await page.goto(new URL(page.url()).pathname);
  if (js) await hydrated(page);
}

/** The county's rule for attending a meeting (domain::points::RuleTable::default_county:
 * 参加组织生活，每次 3 分). Written out here: a rule or an award that went wrong must fail the test. */
const ORG_LIFE_ATTENDED = 3;

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const OLD_JPEG = path.join(__dirname, "..", "fixtures", "meeting-2020.jpg");

/** Held 主题党日 of a branch, from the compliance page's drill-down. */
async function themeDaysHeld(page: Page, branch: string): Promise<number> {
  await page.goto("/compliance");
  await page.locator("#compliance").getByRole("link", { name: branch, exact: true }).click();
  const row = page.locator("#compliance-detail tr", { hasText: "主题党日" });
  return Number(await row.locator("td").nth(3).innerText());
}

test("a theme party day: signed in on three phones, one on leave, recorded with photos, returned, fixed, approved twice and locked", async ({ browser }, info) => {
  test.setTimeout(120_000);
  const js = jsEnabled(info.project.name);
  const topic = `主题党日：重温入党誓词（${info.project.name}）`;
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const contexts: BrowserContext[] = [];
  const open = async (mobile: string, options = {}, signedIn = true) => {
    const ctx = await browser.newContext(options);
    contexts.push(ctx);
    const page = await ctx.newPage();
    if (signedIn) await signIn(page, mobile, js);
    return page;
  };

  // The secretary plans it to start shortly: sign-in is open from half an hour before.
  const secretary = await open("13800000002");
  await secretary.goto("/org-life");
  if (js) await hydrated(secretary);
  await secretary.getByLabel("类型").selectOption("theme_party_day");
  await secretary.getByLabel("主题").fill(topic);
  const [start, end] = soonToday();
  await secretary.getByLabel("开始时间").fill(start);
  await secretary.getByLabel("结束时间").fill(end);
  await secretary.getByLabel("地点").fill("村部会议室");
  await secretary.getByRole("button", { name: "安排并通知党员" }).click();
  await secretary.locator("#meetings-upcoming a", { hasText: topic }).click();
  await expect(secretary).toHaveURL(/\/org-life\/\d+$/);
  const meetingUrl = new URL(secretary.url()).pathname;
  const code = (await secretary.locator("#sign-code").innerText()).trim();
  expect(code).toMatch(/^\d{6}$/);
  await expect(secretary.locator(".qr svg")).toHaveCount(1);
  // The QR code and the link carry the full address the secretary's browser uses.
  const signInUrl = `${new URL(secretary.url()).origin}/org-life/sign-in?code=${code}`;
  await expect(secretary.locator("#sign-in-link")).toHaveAttribute("href", signInUrl);

  const branchName = (await secretary.locator("#meeting-org").innerText()).trim();
  const committee = await open("13800000001");

  // Three members sign in with the code on their own phones; a wrong code is refused. The last
  // scans the QR code on a phone not yet signed in: it logs in and comes back, the code filled in.
  for (const mobile of ["13800000003", "13800000007", "13800000008"]) {
    const scanned = mobile === "13800000008";
    const member = await open(mobile, phone, !scanned);
    if (scanned) {
      await member.goto(signInUrl);
      if (js) await hydrated(member);
      await member.locator("#sign-in-first").click();
      await signIn(member, mobile, js, signInUrl);
    } else {
      await member.goto("/org-life/sign-in");
    }
    if (js) await hydrated(member);
    if (mobile === "13800000003") {
      test.info().annotations.push({ type: "allow-console", description: "status of 422" });
      await member.getByLabel(/签到码/).fill(code === "000000" ? "111111" : "000000");
      await member.getByRole("button", { name: "签到" }).click();
      await expect(member.locator("#sign-in-error")).toContainText("签到码不正确");
      if (!js) await member.goto("/org-life/sign-in");
    }
    if (scanned) await expect(member.getByLabel(/签到码/)).toHaveValue(code);
    else await member.getByLabel(/签到码/).fill(code);
    await member.getByRole("button", { name: "签到" }).click();
    await expect(member).toHaveURL(new RegExp(`${meetingUrl}\\?signed=1`));
    await expect(member.locator("#my-attendance")).toHaveText("已签到");
  }
  // A fourth asks for leave.
  const away = await open("13800000009", phone);
  await away.goto(meetingUrl);
  if (js) await hydrated(away);
  await away.getByLabel("请假事由").fill("外出务工，已向书记说明");
  await away.getByRole("button", { name: "请假" }).click();
  await expect(away.locator("#my-attendance")).toHaveText("请假");

  // The secretary records the meeting; bad files are refused with a clear message, nothing kept
  // (with JavaScript the refusal is an answer to a background upload, which Chromium logs).
  test.info().annotations.push({ type: "allow-console", description: "status of 413" });
  await secretary.goto(meetingUrl);
  if (js) await hydrated(secretary);
  await expect(secretary.locator("#tally")).toContainText("签到 3 人，请假 1 人");
  await secretary.getByLabel("主持人").fill("张书记");
  await secretary.getByLabel("记录人").fill("李委员");
  await secretary.getByLabel(/会议记录/).fill("## 重温入党誓词\n全体党员重温入党誓词，书记讲话。");
  await saveRecord(secretary, js);
  for (const [file, message] of [
    [{ name: "minutes.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 not a photo") }, "只能上传"],
    [{ name: "fake.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("<script>alert(1)</script>")]) }, "无法识别为图片"],
    [{ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(13 * 1024 * 1024)]) }, "文件太大"],
  ] as const) {
    await secretary.locator("#photo-input").setInputFiles(file);
    await secretary.locator("#photo-upload").click();
    await expect(secretary.locator("#upload-error")).toContainText(message);
    await expect(secretary.locator("#photos li")).toHaveCount(0);
  }
  await secretary.locator("#photo-input").setInputFiles([
    { name: "oath.png", mimeType: "image/png", buffer: PNG },
    { name: "meeting-2020.jpg", mimeType: "image/jpeg", buffer: fs.readFileSync(OLD_JPEG) },
  ]);
  await secretary.locator("#photo-upload").click();
  await expect(secretary.locator("#notice-photos")).toBeVisible();
  await expect(secretary.locator("#photos li")).toHaveCount(2);
  await expect(secretary.locator("#photos li[data-predates=true]")).toContainText("拍摄：2020-05-01 10:00");
  await expect(secretary.locator("#photos li[data-predates=true]")).toContainText("北纬 26.00000");
  if (js) await hydrated(secretary);
  await secretary.getByRole("button", { name: "提交党委审核" }).click();
  await expect(secretary.locator("#meeting-status")).toHaveText("待党委审核");

  // The committee finds it in its queue and returns it with a comment.
  await committee.goto("/review");
  await committee.locator("#review-queue a", { hasText: topic }).click();
  if (js) await hydrated(committee);
  await expect(committee.locator("#photos li[data-predates=true] .alert")).toContainText("早于会议");
  await committee.getByLabel(/审核意见/).fill("请补充决定事项");
  await committee.getByRole("button", { name: "退回修改" }).click();
  await expect(committee.locator("#meeting-status")).toHaveText("已退回修改");

  // The secretary sees the reason, fixes and resubmits.
  await secretary.goto(meetingUrl);
  if (js) await hydrated(secretary);
  await expect(secretary.locator("#history")).toContainText("请补充决定事项");
  await secretary.getByLabel("决定事项").fill("每月第一个周五开展主题党日。");
  await saveRecord(secretary, js);
  await secretary.getByRole("button", { name: "提交党委审核" }).click();
  await expect(secretary.locator("#meeting-status")).toHaveText("待党委审核");

  // The committee approves; the county approves finally; the record is locked.
  const heldBefore = await themeDaysHeld(committee, branchName);
  // What the member has before the final approval books the meeting.
  const member = await open("13800000003", phone);
  const meetingDay = start.slice(0, 10);
  const attendance = member.locator("#points-ledger li", { hasText: "参加组织生活" }).filter({ hasText: meetingDay });
  const pointsBefore = await ledgerPoints(member);
  const attendanceLinesBefore = await attendance.count();
  await committee.goto(meetingUrl);
  if (js) await hydrated(committee);
  await committee.getByRole("button", { name: "通过" }).click();
  await expect(committee.locator("#meeting-status")).toHaveText("待县委审定");
  const county = await open("13800000000");
  await county.goto("/review");
  await county.locator("#review-queue a", { hasText: topic }).click();
  if (js) await hydrated(county);
  await expect(county.locator("#review h2")).toHaveText("县委终审");
  await county.getByRole("button", { name: "通过" }).click();
  await expect(county.locator("#meeting-status")).toHaveText("已审定");

  await secretary.goto(meetingUrl);
  await expect(secretary.locator("#meeting-status")).toHaveText("已审定");
  await expect(secretary.getByRole("button", { name: "保存记录" })).toHaveCount(0);
  await expect(secretary.locator("#photo-form")).toHaveCount(0);
  await expect(secretary.locator("#history li")).toHaveCount(5);

  // Points through the rules: the final approval booked this meeting's attendance — one new
  // ledger line, the newest, dated the meeting's day — and the year's total grew by exactly the
  // rule's points; and the branch's compliance.
  const pointsAfter = await ledgerPoints(member);
  await expect(attendance).toHaveCount(attendanceLinesBefore + 1);
  await expect(member.locator("#points-ledger li").first().locator("span")).toHaveText([meetingDay, "参加组织生活", `+${ORG_LIFE_ATTENDED}`]);
  expect(pointsAfter.year).toBe(pointsBefore.year + ORG_LIFE_ATTENDED);
  expect(await themeDaysHeld(committee, branchName)).toBeGreaterThan(heldBefore);
  for (const ctx of contexts) await ctx.close();
});

/** Today, China time, as the server writes dates. */
function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Sets the required frequencies on `/compliance` (the county's form) and waits for the save. */
async function setRequired(page: Page, js: boolean, values: Record<string, string>) {
  await page.goto("/compliance");
  if (js) await hydrated(page);
  await page.locator("#required summary").click();
  for (const [kind, value] of Object.entries(values)) {
    await page.locator(`#freq-${kind}`).selectOption(value);
  }
  await page.getByRole("button", { name: "保存要求" }).click();
  await expect(page.locator("#rules-saved")).toBeVisible();
}

// Projects share one database: the test starts from the regulation's frequencies and puts them back.
test("the county sets how often each meeting is required; committees see compliance counted by it", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const countyCtx = await browser.newContext();
  const committeeCtx = await browser.newContext();
  const county = await countyCtx.newPage();
  const committee = await committeeCtx.newPage();
  await signIn(county, "13800000000", js);
  await signIn(committee, "13800000001", js);

  await setRequired(county, js, { party_lecture: "quarterly", party_group: "monthly" });
  await expect(county.locator("#required-summary")).toContainText("党课：每季度");
  await expect(county.locator("label[for=freq-party_lecture]")).toHaveText("党课（条例：每季度）");
  await setRequired(county, js, { party_lecture: "monthly", party_group: "none" });
  await expect(county.locator("#required-summary")).toContainText("党课：每月；主题党日：每月");
  await expect(county.locator("#required-summary")).toContainText("党小组会：不作要求");
  await expect(county.locator("#required-since")).toContainText(`${today()} 起执行`);

  // The committee reads the requirement, counted into its branches, and cannot change it.
  await committee.goto("/compliance");
  await expect(committee.locator("#required-summary")).toContainText("党课：每月");
  await expect(committee.locator("#required form")).toHaveCount(0);
  // The server refuses the committee the same form, even posting the rules now in force.
  await expectServerFnRefused(committee, "/api/set_orglife_rules", {
    branch_assembly: "quarterly",
    branch_committee: "monthly",
    party_group: "none",
    party_lecture: "monthly",
    theme_party_day: "monthly",
    org_life_meeting: "yearly",
    democratic_appraisal: "yearly",
  });
  await committee.locator("#compliance a").first().click();
  const detail = committee.locator("#compliance-detail");
  await expect(detail.locator("tr", { hasText: "党课" }).locator("td").nth(1)).toHaveText("每月");
  await expect(detail.locator("tr", { hasText: "党小组会" })).toHaveCount(0);
  await expect(detail.locator("tr", { hasText: "支委会" }).locator("td").nth(1)).toHaveText("每月");

  await setRequired(county, js, { party_lecture: "quarterly", party_group: "monthly" });
  await expect(county.locator("#required-summary")).toContainText("党小组会：每月；党课：每季度");
  await countyCtx.close();
  await committeeCtx.close();
});
