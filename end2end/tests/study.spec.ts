import { test, expect, jsEnabled, hydrated, signIn, ledgerPoints, villageBoard, placeAmong } from "./fixtures";
import type { Page } from "@playwright/test";

const rankOf = async (page: Page) => {
  await page.goto("/");
  const text = (await page.locator("#home-rank").textContent()) ?? "";
  const m = text.match(/排第 (\d+) 名/);
  expect(m, text).not.toBeNull();
  return { rank: Number(m![1]), year: Number(await page.locator("#home-year").textContent()) };
};

/** The county administrator publishes an item through /admin/study and returns its address. */
async function publish(page: Page, js: boolean, fields: { kind?: string; title: string; body: string; quiz?: string; video?: string }) {
  await page.goto("/admin/study");
  if (js) await hydrated(page);
  if (fields.kind) await page.getByLabel("类型").selectOption(fields.kind);
  await page.getByLabel("栏目").fill("端到端测试");
  await page.getByLabel("标题", { exact: true }).fill(fields.title);
  await page.locator("#st-body").fill(fields.body);
  if (fields.quiz) await page.locator("#st-quiz").fill(fields.quiz);
  if (fields.video) await page.locator("#st-video").fill(fields.video);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#study-saved")).toBeVisible();
  return (await page.locator("#study-saved a").getAttribute("href"))!;
}

const LONG_BODY = ["# 第一部分", ...Array.from({ length: 40 }, (_, i) => `第 ${i + 1} 段：学习贵在坚持，每天进步一点点。`), "## 结尾", "读到这里就读完了。"].join("\n\n");

/** Two members of the village branch that no other test has study: one reads, the other paces. */
const VILLAGE_PAIR = ["13800000007", "13800000008"];

test("a member reads an article: preview in the browser, points booked by the server, rank moves", async ({ browser }, info) => {
  test.setTimeout(120_000);
  const js = jsEnabled(info.project.name);
  const title = `端到端文章（${info.project.name}）`;
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, "13800000000", js);
  const href = await publish(admin, js, { title, body: LONG_BODY });

  // The rank must move: the pacer is brought to exactly one point above the reader, so the
  // reader's point for the article draws level with the pacer and passes nobody else. The reader
  // has the more points of the two (on a tie, the projects take turns), the pacer catches up by
  // finishing items published for it — articles and videos in turn, 1 point each, well inside
  // their daily caps (6 each, 12 for all study) over the three projects of a run.
  const viewport = info.project.use.viewport ?? undefined;
  const pair = [];
  for (const mobile of VILLAGE_PAIR) {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    await signIn(page, mobile, js);
    pair.push({ ctx, page, points: (await ledgerPoints(page)).year });
  }
  const turn = ["phone", "desktop", "nojs"].indexOf(info.project.name) % 2;
  const [reader, pacer] = pair[0].points > pair[1].points || (pair[0].points === pair[1].points && turn === 0) ? pair : [pair[1], pair[0]];
  const gap = reader.points + 1 - pacer.points;
  expect(gap, "the pacer's catch-up: the demo county needs at most 8 (4 articles, 4 videos)").toBeLessThanOrEqual(8);
  for (let i = 0; i < gap; i++) {
    const video = i % 2 === 1;
    const item = await publish(admin, js, {
      kind: video ? "video" : "article",
      title: `陪跑 ${i + 1}（${info.project.name}）`,
      body: "为排名测试发布。",
      video: video ? "/files/study/pacer.mp4" : undefined,
    });
    const finished = await pacer.page.request.post("/api/finish_study", { form: { id: item.split("/").pop()! }, maxRedirects: 0 });
    expect(finished.status(), `the pacer finishes ${item}`).toBeLessThan(400);
  }
  await adminCtx.close();
  expect((await ledgerPoints(pacer.page)).year, "the pacer is one point above the reader").toBe(reader.points + 1);
  const board = await villageBoard(browser, js);
  await pacer.ctx.close();

  const page = reader.page;
  const before = await rankOf(page);
  expect(before.year).toBe(reader.points);
  expect(before.rank).toBe(placeAmong(board.points, reader.points));
  await page.goto("/study");
  await expect(page.locator("#study-today")).toContainText("今日学习积分");
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator("#study-title")).toHaveText(title);
  await expect(page.locator("#study-body h1")).toHaveText("第一部分");
  await expect(page.locator("#study-preview")).toHaveText(/^读完本篇可得 1 分，之后今日学习还可得 \d+ 分$/);
  if (js) await hydrated(page);
  await page.getByRole("button", { name: "读完了，领取积分" }).click();
  await expect(page.locator("#study-done")).toHaveText("已完成，获得 1 分。");
  await expect(page.getByRole("button", { name: "读完了，领取积分" })).toHaveCount(0);

  await page.goto("/points");
  await expect(page.locator("#points-ledger li").first()).toContainText("阅读文章");
  const after = await rankOf(page);
  expect(after.year).toBe(before.year + 1);
  // Level with the pacer now: ahead of the place it had, by everyone who had exactly one more.
  expect(after.rank).toBeLessThan(before.rank);
  expect(after.rank).toBe(placeAmong(board.points, reader.points + 1));
  await page.goto("/study");
  await expect(page.getByRole("link", { name: new RegExp(title) })).toContainText("已完成 +1 分");
  await reader.ctx.close();
});

test("a quiz is scored by the rules; answers show after handing in", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const title = `端到端测验（${info.project.name}）`;
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, "13800000000", js);
  const href = await publish(admin, js, {
    kind: "quiz",
    title,
    body: "两道题。",
    quiz: "1. 预备党员的预备期为几年？\nA. 半年\nB. 一年\n答案：B\n\n2. 下列哪些属于“三会一课”？\nA. 支部党员大会\nB. 支部委员会\nC. 茶话会\n答案：AB",
  });
  await adminCtx.close();

  const page = await browser.newPage();
  await signIn(page, "13800000004", js);
  await page.goto(href);
  if (js) await hydrated(page);
  await expect(page.locator("#study-preview")).toContainText("全部答对可得 2 分，未全对可得 1 分");
  await expect(page.locator(".option.right")).toHaveCount(0);
  // Handing in with a question left blank is refused with a clear message.
  if (js) test.info().annotations.push({ type: "allow-console", description: "422" });
  await page.getByLabel("B. 一年").check();
  await page.getByRole("button", { name: "交卷" }).click();
  if (js) {
    await expect(page.locator("#quiz-error")).toHaveText("还有题目没有作答，请答完再交卷");
  } else {
    await expect(page.locator("body")).toContainText("还有题目没有作答，请答完再交卷");
    await page.goto(href);
    await page.getByLabel("B. 一年").check();
  }
  await page.getByLabel("A. 支部党员大会").check();
  await page.getByRole("button", { name: "交卷" }).click();
  await expect(page.locator("#study-done")).toHaveText("已完成，得分 50，获得 1 分。");
  await expect(page.locator(".option.right")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "交卷" })).toHaveCount(0);
  await page.close();
});

test("authors get field-specific errors, upload checked images, and withdraw", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  test.info().annotations.push({ type: "allow-console", description: "422" });
  await signIn(page, "13800000000", js);
  await page.goto("/admin/study");
  if (js) await hydrated(page);
  await page.getByLabel("类型").selectOption("quiz");
  await page.getByLabel("栏目").fill("端到端测试");
  await page.getByLabel("标题", { exact: true }).fill(`坏题目（${info.project.name}）`);
  await page.locator("#st-quiz").fill("题一\nA. 甲\nB. 乙\n答案：A\n\n题二\nA. 只有一个选项\n答案：A");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator(js ? "#study-save-error" : "body")).toContainText("题目第 2 题：题目格式不正确");

  // A file that claims to be an image but is not: refused, nothing inserted.
  await page.goto("/admin/study");
  if (js) await hydrated(page);
  await page.locator("#st-image").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("<svg onload=alert(1)></svg>") });
  await page.getByRole("button", { name: "上传" }).click();
  await expect(page.locator(js ? "#upload-note" : "#upload-error")).toHaveText("只能上传 JPEG、PNG、GIF 或 WebP 格式的图片");

  // A real PNG: with JavaScript it lands in the editor and the preview; without, its line is shown.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  await page.locator("#st-image").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "上传" }).click();
  if (js) {
    await expect(page.locator("#upload-note")).toHaveText("图片已上传，已插入正文末尾。");
    await expect(page.locator("#st-body")).toHaveValue(/!\[图片\]\(\/files\/study\/[0-9a-f]{32}\.png\)/);
    await expect(page.locator("#st-preview img")).toHaveAttribute("src", /^\/files\/study\/[0-9a-f]{32}\.png$/);
    await page.locator("#st-body").fill("# 预览标题\n\n**加粗**");
    await expect(page.locator("#st-preview h1")).toHaveText("预览标题");
  } else {
    await expect(page.locator("#image-uploaded code")).toHaveText(/^!\[图片\]\(\/files\/study\/[0-9a-f]{32}\.png\)$/);
  }

  // Publish and withdraw: the item leaves members' lists.
  const title = `将被撤回（${info.project.name}）`;
  const href = await publish(page, js, { title, body: "这条会被撤回。" });
  const row = page.locator("#authored li").filter({ hasText: title });
  await expect(row).toContainText("已发布");
  await row.getByRole("button", { name: "撤回" }).click();
  await expect(page.locator("#study-withdrawn")).toBeVisible();
  await expect(page.locator("#authored li").filter({ hasText: title })).toContainText("已撤回");
  const memberCtx = await page.context().browser()!.newContext();
  const member = await memberCtx.newPage();
  await signIn(member, "13800000003", js);
  await member.goto("/study");
  await expect(member.getByRole("link", { name: new RegExp(title) })).toHaveCount(0);
  if (js) test.info().annotations.push({ type: "allow-console", description: "404" });
  await member.goto(href);
  await expect(member.locator("#study-error")).toHaveText("要查找的内容不存在或已被删除");
  await memberCtx.close();
});

// Positions are sent by the page's script: tagged @js, so the no-JavaScript project leaves it out.
test("reading position is kept and restored @js", async ({ browser }, info) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, "13800000000", true);
  const href = await publish(admin, true, { title: `长文续读（${info.project.name}）`, body: LONG_BODY });
  await adminCtx.close();

  const page = await browser.newPage({ viewport: info.project.use.viewport ?? undefined });
  await signIn(page, "13800000003", true);
  await page.goto(href);
  await hydrated(page);
  // Scrolled until the page reports the position: a scroll that comes before the page's script
  // listens is not one the member could have made, so it is tried again a little further on.
  let step = 0;
  await expect(async () => {
    const saved = page.waitForResponse((r) => r.url().includes("/api/study_progress") && r.ok(), { timeout: 2_000 });
    step += 1;
    await page.evaluate((s) => window.scrollTo(0, document.documentElement.scrollHeight * (0.45 + 0.02 * s)), step);
    await saved;
  }).toPass({ timeout: 20_000 });
  await page.goto(href);
  await hydrated(page);
  await expect(page.locator("#study-resume")).toHaveText(/^已回到上次读到的位置（\d+%）$/);
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
  await page.close();
});
