import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, jsEnabled, hydrated, chinaDay, openAs } from "./fixtures";

// The command platform's first part end to end: the county sends a photo task to every branch
// under one town committee; two branches report from their phones with a photo; the committee
// accepts one and returns the other with a reason; the returned branch reports again. The
// accepted branch's composite score and rank on the committee's board move exactly as the
// county's weights say; the lists, 重点警示 and the archive are there for the committee.

const CAMERA_JPEG = path.join(__dirname, "..", "fixtures", "meeting-2020.jpg");

/** A branch's row on the composite board: rank, score and parts in ‰, tasks (on time, due). */
type Row = { rank: number; score: number; parts: number[]; tasks: [number, number] };

const permille = (s: string) => Math.round(Number(s) * 10);

async function compositeRows(page: Page): Promise<Map<string, Row>> {
  await page.goto("/rankings?full=1");
  const items = page.locator("#board-composite li");
  await expect(items.first()).toBeVisible();
  const out = new Map<string, Row>();
  for (const li of await items.all()) {
    const name = (await li.locator(".who").innerText()).trim();
    const rank = Number(await li.locator(".rank").innerText());
    const score = permille(await li.locator(".score").innerText());
    const text = await li.locator(".parts").innerText();
    const m = /积分 ([\d.]+) · 组织生活 ([\d.]+) · 任务 ([\d.]+)（(\d+)\/(\d+)） · 党费 ([\d.]+)/.exec(text);
    if (!m) throw new Error(`parts of ${name}: ${text}`);
    out.set(name, {
      rank,
      score,
      parts: [m[1], m[2], m[3], m[6]].map(permille),
      tasks: [Number(m[4]), Number(m[5])],
    });
  }
  return out;
}

test("a photo task moves the accepted branch's composite score and rank by the county's weights; the archive holds the records", async ({ browser }, info) => {
  test.setTimeout(120_000);
  const js = jsEnabled(info.project.name);
  const title = `主题党日照片报送（${info.project.name}）`;
  const open = (mobile: string) => openAs(browser, info, mobile);
  const county = await open("13800000000");
  const committee = await open("13800000001");
  const first = await open("13800000002");
  const second = await open("13800000011");
  const nameOf = async (p: Page) => {
    await p.goto("/org");
    return (await p.locator("#org-name").innerText()).trim();
  };
  const [committeeName, firstBranch, secondBranch] = [await nameOf(committee.page), await nameOf(first.page), await nameOf(second.page)];

  // The county's weights, as its settings page holds them.
  await county.page.goto("/admin/settings");
  const weight = async (k: string) => Number(await county.page.locator(`#w-${k}`).inputValue());
  const weights = [await weight("points"), await weight("org_life"), await weight("tasks"), await weight("dues")];
  const before = await compositeRows(committee.page);
  const a0 = before.get(firstBranch)!;
  const b0 = before.get(secondBranch)!;
  expect(a0 && b0).toBeTruthy();

  // The county sends a photo task to the committee's branches.
  await county.page.goto("/tasks");
  if (js) await hydrated(county.page);
  const form = county.page.locator("#task-dispatch");
  await form.getByLabel("任务名称").fill(title);
  await form.getByLabel("任务要求（支持 Markdown）").fill("开展主题党日，报送现场照片。");
  await form.getByLabel("截止日期").fill(chinaDay(5));
  await form.getByLabel("完成凭据").selectOption("photos");
  await form.getByLabel("范围").selectOption({ label: committeeName });
  await form.getByRole("button", { name: "发布" }).click();
  await expect(county.page).toHaveURL(/\/tasks\/\d+\?sent=1$/);
  const taskUrl = new URL(county.page.url()).pathname;

  // Both branches report from the phone: text and a photo; a report without one is refused.
  for (const [who, text] of [[first, "已开展主题党日，到会 38 人。"], [second, "已开展主题党日，到会 21 人。"]] as const) {
    await who.page.goto(taskUrl);
    if (js) await hydrated(who.page);
    const mine = who.page.locator("#task-mine");
    await mine.getByLabel("完成情况").fill(text);
    if (who === first) {
      if (js) test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
      await mine.getByRole("button", { name: "上报完成" }).click();
      await expect(who.page.locator("#photo-report-error")).toContainText("要求上传照片");
      await mine.getByLabel("完成情况").fill(text);
    }
    await mine.locator('input[type="file"]').setInputFiles(CAMERA_JPEG);
    await mine.getByRole("button", { name: "上报完成" }).click();
    await expect(who.page.locator("#notice-reported")).toBeVisible();
    await expect(who.page.locator('#task-mine .tag[data-progress="waiting"]')).toHaveText("待验收");
    await expect(who.page.locator("#task-mine .report-photos img")).toHaveCount(1);
  }

  // The committee sees both reports with their photos and the camera's time; accepts the first,
  // returns the second with a reason.
  await committee.page.goto(taskUrl);
  if (js) await hydrated(committee.page);
  const report = (text: string) => committee.page.locator("#task-progress .queue-item").filter({ hasText: text });
  await expect(report("到会 38 人").locator(".report-photos img")).toHaveCount(1);
  await expect(report("到会 38 人").locator(".report-photos")).toContainText("拍摄：2020");
  await report("到会 38 人").getByRole("button", { name: "验收通过" }).click();
  await expect(committee.page.locator("#notice-reviewed")).toBeVisible();
  // Each decision has landed once its report offers no decision any more (the notice is
  // already showing from the first).
  await expect(report("到会 38 人").getByRole("button", { name: "验收通过" })).toHaveCount(0);
  await report("到会 21 人").getByLabel("意见（退回时必填）").fill("请补充会议记录");
  await report("到会 21 人").getByRole("button", { name: "退回" }).click();
  await expect(report("到会 21 人").getByRole("button", { name: "退回" })).toHaveCount(0);

  // The returned branch reads why and reports again; its photo stays.
  await second.page.goto(taskUrl);
  if (js) await hydrated(second.page);
  await expect(second.page.locator("#task-mine")).toContainText("退回原因：请补充会议记录");
  await second.page.locator("#task-mine").getByLabel("完成情况").fill("已开展主题党日，到会 21 人，记录已补充。");
  await second.page.locator("#task-mine").getByRole("button", { name: "上报完成" }).click();
  await expect(second.page.locator("#notice-reported")).toBeVisible();
  await expect(second.page.locator("#task-mine .report-photos img")).toHaveCount(1);

  // The accepted task counts: one more on time of one more due; the part is that share, the
  // score the county's weighting of the parts, the rank its place on the board. The returned
  // branch's task is not yet due: its counts stand.
  const after = await compositeRows(committee.page);
  const a1 = after.get(firstBranch)!;
  expect(a1.tasks).toEqual([a0.tasks[0] + 1, a0.tasks[1] + 1]);
  const [on, due] = a1.tasks;
  expect(a1.parts[2]).toBe(Math.floor((on * 2000 + due) / (due * 2)));
  const total = weights.reduce((x, y) => x + y, 0);
  const weighted = weights.reduce((sum, w, i) => sum + w * a1.parts[i], 0);
  expect(a1.score).toBe(Math.floor((weighted * 2 + total) / (2 * total)));
  expect(a1.score - a0.score).toBe(
    Math.floor((weighted * 2 + total) / (2 * total)) -
      Math.floor(((weighted - weights[2] * (a1.parts[2] - a0.parts[2])) * 2 + total) / (2 * total)),
  );
  expect(a1.rank).toBe(1 + [...after.values()].filter((r) => r.score > a1.score).length);
  expect(after.get(secondBranch)!.tasks).toEqual(b0.tasks);

  // Lists on the board, filtered: the black list's rows say why (the demo's branches that held
  // no meeting last month are on 重点警示); the card lists them for the committee.
  await committee.page.goto("/rankings?list=black");
  const blacks = committee.page.locator("#board-composite li");
  expect(await blacks.count()).toBeGreaterThan(0);
  for (const li of await blacks.all()) {
    await expect(li.locator("[data-list]")).toHaveAttribute("data-list", "black");
    await expect(li.locator(".why")).toContainText("重点警示");
  }
  await expect(committee.page.locator("#key-warnings h2")).toHaveText("重点警示");
  await expect(committee.page.locator("#rank-list")).toHaveValue("black");

  // The archive: the committee's 主题党日, page by page, add up to the total it states; the
  // county reading the same subtree sees the same records.
  const listed = async (p: Page, url: string) => {
    await p.goto(url);
    const total = Number(/共 (\d+) 条/.exec(await p.locator("#archive-total").innerText())?.[1]);
    let seen = await p.locator("#archive-rows > li").count();
    for (let page = 2; (await p.locator("#archive-next").count()) > 0; page++) {
      await p.locator("#archive-next").click();
      // The next page itself, not the one still shown while it loads.
      await expect(p.locator("#archive-total")).toContainText(`第 ${page} /`);
      seen += await p.locator("#archive-rows > li").count();
      if (seen > total) break;
    }
    return { total, seen };
  };
  const mineArchive = await listed(committee.page, "/archive?section=theme_day");
  expect(mineArchive.seen).toBe(mineArchive.total);
  await committee.page.goto("/archive?section=theme_day");
  const committeeId = await committee.page.locator("#archive-org option").first().getAttribute("value");
  const countyArchive = await listed(county.page, `/archive?section=theme_day&org=${committeeId}`);
  expect(countyArchive.total).toBe(mineArchive.total);
  for (const c of [county, committee, first, second]) await c.ctx.close();
});
