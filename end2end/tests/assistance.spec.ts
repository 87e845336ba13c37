import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { test, expect, jsEnabled, hydrated, signIn, expectForbidden } from "./fixtures";

/** A China-time date `days` from today, as a date input sends it. */
function day(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM`, China time, `k` months before this one. */
function monthsAgo(k: number): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1)).toISOString().slice(0, 7);
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const CAMERA_JPEG = path.join(__dirname, "..", "fixtures", "meeting-2020.jpg");

test("a committee stations a village team; the team logs a visit with photos and reports its month; the committee sees who reports", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const js = jsEnabled(info.project.name);
  // A retry stations its own team.
  const team = `驻洞田头村工作队（${info.project.name}${info.retry ? `，重试 ${info.retry}` : ""}）`;
  const contexts: BrowserContext[] = [];
  const open = async (mobile: string, options = {}) => {
    const ctx = await browser.newContext(options);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, mobile, js);
    return page;
  };
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

  // The committee sees its teams' reports: two months ago one of the demo teams was late.
  const committee = await open("13800000001");
  await committee.goto("/org-life");
  await committee.locator("#go-assistance").click();
  await expect(committee).toHaveURL(/\/assistance$/);
  if (js) await hydrated(committee);
  await committee.getByLabel("月份").fill(monthsAgo(2));
  await committee.getByRole("button", { name: "查看" }).click();
  await expect(committee.locator("#teams li[data-state=late]")).toHaveCount(1);
  await expect(committee.locator("#teams li[data-state=late]")).toContainText("逾期未报");
  await expect(committee.locator("#report-tally")).toContainText("逾期未报 1 支");

  // It stations a team; a member outside its reach is not found, and nothing is stationed.
  await committee.goto("/assistance");
  if (js) await hydrated(committee);
  test.info().annotations.push({ type: "allow-console", description: "status of 422" });
  const station = async (members: string) => {
    await committee.getByLabel("工作队名称").fill(team);
    await committee.getByLabel("驻点村").fill("洞田头村");
    await committee.getByLabel("进驻日期").fill(day(-10));
    await committee.getByLabel("队长手机号").fill("13800000003");
    await committee.getByLabel(/队员手机号/).fill(members);
    await committee.getByRole("button", { name: "派驻并通知队员" }).click();
  };
  await station("13800000007，13800000004");
  await expect(committee.locator("#station-error")).toContainText("没有找到这个手机号的党员");
  await expect(committee.locator("#teams")).not.toContainText(team);
  if (!js) await committee.goto("/assistance");
  await station("13800000007");
  await expect(committee.locator("#notice-stationed")).toBeVisible();
  await expect(committee.locator("#team-name")).toHaveText(team);
  const teamUrl = new URL(committee.url()).pathname;
  expect(teamUrl).toMatch(/^\/assistance\/\d+$/);
  await expect(committee.locator("#log-visit")).toHaveCount(0);
  // Only the team logs visits: the server refuses the committee the form's own request too.
  const teamId = teamUrl.split("/").pop();
  await expectForbidden(
    await committee.request.post(`/api/v1/assistance/${teamId}/visits`, {
      multipart: { visited_on: day(0), content: "党委代填的走访记录。" },
      headers: { accept: "application/json" },
      maxRedirects: 0,
    }),
    "the committee logs a visit",
  );

  // The leader, on a phone, finds the team and logs a visit; a bad photo keeps nothing.
  const leader = await open("13800000003", phone);
  await leader.goto("/assistance");
  await leader.locator("#teams a", { hasText: team }).click();
  await expect(leader).toHaveURL(new RegExp(`${teamUrl}$`));
  if (js) await hydrated(leader);
  await leader.getByLabel(/走访内容/).fill("走访脱贫户 3 户，了解春耕用工需求，协调修复饮水管道。");
  await leader.locator("#v-photos").setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 not a photo") });
  await leader.locator("#visit-submit").click();
  await expect(leader.locator("#visit-error")).toContainText("只能上传");
  await expect(leader.locator("#visits .visits > li")).toHaveCount(0);
  // What was typed is still in the form (without JavaScript it comes back with the refusal).
  await expect(leader.getByLabel(/走访内容/)).toHaveValue("走访脱贫户 3 户，了解春耕用工需求，协调修复饮水管道。");
  await leader.locator("#v-photos").setInputFiles([
    { name: "village.png", mimeType: "image/png", buffer: PNG },
    { name: "visit.jpg", mimeType: "image/jpeg", buffer: fs.readFileSync(CAMERA_JPEG) },
  ]);
  await leader.locator("#visit-submit").click();
  await expect(leader.locator("#notice-visit")).toBeVisible();
  const visit = leader.locator("#visits .visits > li");
  await expect(visit).toHaveCount(1);
  await expect(visit).toContainText("饮水管道");
  await expect(visit.locator(".photos li")).toHaveCount(2);
  await expect(visit.locator(".photos")).toContainText("北纬 26.00000");

  // The month's summary.
  if (js) await hydrated(leader);
  await leader.getByLabel("月份").selectOption(day(0).slice(0, 7));
  await leader.getByLabel(/工作小结/).fill("本月走访农户 3 户，办实事 1 件；下月推进产业项目。");
  await leader.getByRole("button", { name: "报送小结" }).click();
  await expect(leader.locator("#notice-summary")).toBeVisible();
  await expect(leader.locator("#summaries")).toContainText("下月推进产业项目");

  // The committee sees the team has reported this month, and its photos.
  await committee.goto(`/assistance?month=${day(0).slice(0, 7)}`);
  const row = committee.locator("#teams li", { hasText: team });
  await expect(row).toHaveAttribute("data-state", "reported");
  await expect(row).toContainText("走访 1 次");
  await committee.goto(teamUrl);
  await expect(committee.locator("#team-months")).toContainText("已报送");
  await expect(committee.locator("#visits img")).toHaveCount(2);

  // The committee rotates the team and sets the day it leaves. A day before the visit just logged
  // is refused, nothing changes, and (with JavaScript) what was typed stays in the form.
  if (js) await hydrated(committee);
  const crewBefore = await committee.locator("#team-members").innerText();
  await committee.locator("#edit-team summary").click();
  await committee.locator("#e-leader").fill("13800000007");
  await committee.locator("#e-members").fill("13800000003\n13800000008");
  await committee.locator("#e-end").fill(day(-1));
  await committee.getByRole("button", { name: "保存调整" }).click();
  await expect(committee.locator("#edit-error")).toBeVisible();
  await expect(committee.locator("#edit-error")).toContainText("撤回日期不能早于已有的走访记录或月度小结");
  await expect(committee.locator("#team-ended")).toHaveCount(0);
  await expect(committee.locator("#team-members")).toHaveText(crewBefore);
  if (js) {
    await expect(committee.locator("#e-leader")).toHaveValue("13800000007");
    await expect(committee.locator("#e-members")).toHaveValue("13800000003\n13800000008");
  } else {
    await committee.goto(teamUrl);
    await committee.locator("#edit-team summary").click();
    await committee.locator("#e-leader").fill("13800000007");
    await committee.locator("#e-members").fill("13800000003\n13800000008");
  }
  await committee.locator("#e-end").fill(day(0));
  await committee.getByRole("button", { name: "保存调整" }).click();
  await expect(committee.locator("#notice-edited")).toBeVisible();
  await expect(committee.locator("#team-ended")).toContainText(`撤回日期：${day(0)}`);
  const crew = await committee.locator("#team-members").innerText();
  expect(crew).toMatch(/^队员：[^、]+（队长）、[^、]+（队员）、[^、]+（队员）$/);
  expect(crew.split("、")[0]).not.toEqual(crewBefore.split("、")[0]);
  // The newcomer finds the team; the form logs visits up to the last day.
  const newcomer = await open("13800000008", phone);
  await newcomer.goto("/assistance");
  await newcomer.locator("#teams a", { hasText: team }).click();
  await expect(newcomer.locator("#team-ended")).toBeVisible();
  await expect(newcomer.locator("#v-day")).toHaveAttribute("max", day(0));

  // A member elsewhere finds nothing.
  const outsider = await open("13800000004", phone);
  await outsider.goto(teamUrl);
  await expect(outsider.locator("#team-error")).toBeVisible();
  await outsider.goto("/assistance");
  await expect(outsider.locator("#teams-empty")).toContainText("你不在驻村工作队中");
  for (const ctx of contexts) await ctx.close();
});
