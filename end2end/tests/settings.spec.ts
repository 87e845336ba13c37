import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";
import type { Page } from "@playwright/test";

// The county's own rules. Every project changes the shared county's table and lists, and puts
// them back at the end (in `finally`), so the other specs keep the built-in values.

async function openSettings(page: Page, js: boolean) {
  await page.goto("/admin/settings");
  if (js) await hydrated(page);
}

async function setArticlePoints(page: Page, js: boolean, points: string) {
  await openSettings(page, js);
  await page.locator("#r-article_read_points").fill(points);
  await page.getByRole("button", { name: "保存积分规则" }).click();
  await expect(page.locator("#settings-saved")).toHaveText("积分规则已保存。");
  await expect(page.locator("#settings-rules-now")).toContainText(`阅读文章：每篇 ${points} 分`);
}

async function setLists(page: Page, js: boolean, fields: Record<string, string>) {
  await openSettings(page, js);
  for (const [label, value] of Object.entries(fields)) {
    if (label === "划分方式") await page.getByLabel(label).selectOption(value);
    else await page.getByLabel(label).fill(value);
  }
  await page.getByRole("button", { name: "保存榜单划分" }).click();
  await expect(page.locator("#settings-saved")).toHaveText("榜单划分已保存。");
}

const DEFAULT_LISTS = { "划分方式": "percentile", "金榜：前": "10", "银榜：前（含金榜）": "30", "黄榜：后": "10", "本年无故缺席组织生活达到（次）": "2", "连续欠交党费达到（月）": "3" };

test("the county's points and lists: the preview and the award follow its table, the home card its score lines", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const js = jsEnabled(info.project.name);
  const countyCtx = await browser.newContext();
  const county = await countyCtx.newPage();
  await signIn(county, "13800000000", js);
  const memberCtx = await browser.newContext({ viewport: info.project.use.viewport ?? undefined });
  const member = await memberCtx.newPage();
  try {
    // A table that cannot be scored is refused with the rule's name, and nothing changes.
    await openSettings(county, js);
    await county.locator("#r-article_read_points").fill("5000");
    await county.getByRole("button", { name: "保存积分规则" }).click();
    await expect(county.locator("#settings-rules-error")).toContainText("阅读文章");
    await expect(county.locator("#settings-rules-now")).toContainText("阅读文章：每篇 1 分");

    await setArticlePoints(county, js, "2");
    await expect(county.locator("#settings-history")).toContainText("积分规则");
    await expect(county.locator("#settings-history")).toContainText("每篇 1 分，每日最多 6 分 → 每篇 2 分，每日最多 6 分");

    // An article for this project; the member's preview shows the county's value, and the
    // server books exactly that.
    const title = `规则测试文章（${info.project.name}）`;
    await county.goto("/admin/study");
    if (js) await hydrated(county);
    await county.getByLabel("栏目").fill("端到端测试");
    await county.getByLabel("标题", { exact: true }).fill(title);
    await county.locator("#st-body").fill("县里调整了积分规则。");
    await county.getByRole("button", { name: "保存" }).click();
    const href = (await county.locator("#study-saved a").getAttribute("href"))!;

    await signIn(member, "13800000009", js);
    await member.goto(href);
    await expect(member.locator("#study-preview")).toHaveText(/^读完本篇可得 2 分/);
    if (js) await hydrated(member);
    await member.getByRole("button", { name: "读完了，领取积分" }).click();
    await expect(member.locator("#study-done")).toHaveText("已完成，获得 2 分。");

    // Lists by score lines around the member's own total: silver, exactly.
    await member.goto("/");
    const year = Number(await member.locator("#home-year").textContent());
    await setLists(county, js, {
      "划分方式": "absolute",
      "金榜：不低于": String(year + 1000),
      "银榜：不低于": String(year),
      "黄榜：不高于": String(year - 1000),
      "本年无故缺席组织生活达到（次）": "",
      "连续欠交党费达到（月）": "",
    });
    await expect(county.locator("#settings-lists-now")).toContainText(`${year} 分及以上银榜`);
    await member.goto("/");
    await expect(member.locator("#home-list")).toHaveText("当前所在榜单：银榜");
    await setLists(county, js, { "划分方式": "absolute", "金榜：不低于": String(year), "银榜：不低于": String(year - 1) });
    await member.goto("/");
    await expect(member.locator("#home-list")).toHaveText("当前所在榜单：金榜");
  } finally {
    await setArticlePoints(county, js, "1");
    await setLists(county, js, DEFAULT_LISTS);
    await countyCtx.close();
    await memberCtx.close();
  }
});

test("only the county administrators see the county's rules", async ({ page }, info) => {
  // The page answers 403, which Chromium logs.
  test.info().annotations.push({ type: "allow-console", description: "status of 403 (Forbidden)" });
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000001", js);
  await page.goto("/admin/settings");
  await expect(page.locator("#settings-error")).toHaveText("您没有访问该内容的权限");
  await expect(page.locator("#settings-points")).toHaveCount(0);
});
