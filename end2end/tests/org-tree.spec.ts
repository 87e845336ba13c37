import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";
import type { Page } from "@playwright/test";

// The three projects share one server and database: each creates its own branch.
const projectIndex = (name: string) => ["phone", "desktop", "nojs"].indexOf(name);

/** A resident ID (GB 11643) from its first 17 digits, with the check digit. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

/** Creates a child of the organization on the page and returns the new one's page. */
async function createChild(page: Page, js: boolean, name: string, kind: string): Promise<string> {
  if (js) await hydrated(page);
  await page.locator("#org-create summary").click();
  await page.getByLabel("组织名称").fill(name);
  await page.getByLabel("组织类别").selectOption({ label: kind });
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.locator("#org-saved")).toHaveText("已新建。");
  await expect(page.locator("#org-name")).toHaveText(name);
  return `/org?id=${new URL(page.url()).searchParams.get("id")}`;
}

test("a committee creates a general branch and a branch under it with its 书记 and term; the county moves the general branch to another committee", async ({ page, browser }, info) => {
  // The refused duplicate name is answered with 409, which Chromium logs.
  test.info().annotations.push({ type: "allow-console", description: "status of 409 (Conflict)" });
  const js = jsEnabled(info.project.name);
  const n = projectIndex(info.project.name) + 1;
  const general = `城关测试第${n}党总支（${info.project.name}）`;
  const name = `城关测试第${n}党支部（${info.project.name}）`;

  await signIn(page, "13800000001", js);
  await page.goto("/org");
  if (js) await hydrated(page);
  const committee = (await page.locator("#org-name").innerText()).trim();
  const generalPage = await createChild(page, js, general, "党总支");
  const orgPage = await createChild(page, js, name, "党支部");

  // Without a 书记 it is flagged on the committee's home page.
  await page.goto("/");
  await expect(page.locator("#home-no-secretary")).toContainText(name);

  // A member joins it (新增党员), and is appointed its 书记 with the branch's admin role.
  const leader = `任新${"甲乙丙"[projectIndex(info.project.name)]}`;
  await page.goto(orgPage);
  await page.locator("#new-member").click();
  if (js) await hydrated(page);
  await page.getByLabel("姓名").fill(leader);
  await page.getByLabel("性别").selectOption("女");
  await page.getByLabel("公民身份号码").fill(residentId(`43112819850304${projectIndex(info.project.name)}12`));
  await page.getByLabel("手机号码").fill(`1776667000${projectIndex(info.project.name)}`);
  await page.getByLabel("学历").fill("本科");
  await page.getByLabel("入党日期").fill("2010-07-01");
  await page.getByLabel("转正日期（预备党员不填）").fill("2011-07-01");
  await page.locator("#new-member-submit").click();
  await expect(page.locator("#member-name")).toHaveText(leader);
  await page.goto(orgPage);
  if (js) await hydrated(page);
  await page.locator("#org-team summary").click();
  await page.getByLabel("党员", { exact: true }).selectOption({ label: leader });
  await page.getByLabel("职务").selectOption("书记");
  await page.getByLabel("任职日期").fill("2025-03-01");
  await page.getByRole("button", { name: "任职" }).click();
  await expect(page.locator("#org-saved")).toHaveText("已任职。");
  await expect(page.locator("#org-info")).toContainText(`书记：${leader}`);
  await expect(page.locator("#org-history")).toContainText(`书记：（空） → ${leader}（2025-03-01 起）`);
  if (js) await hydrated(page);

  // 换届: the election date; the length defaults to the branch's three years.
  await page.locator("#org-term-form summary").click();
  await expect(page.getByLabel("任期（年）")).toHaveValue("3");
  await page.getByLabel("换届选举日期").fill("2025-03-01");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#org-saved")).toHaveText("换届信息已保存。");
  await expect(page.locator("#org-term")).toContainText("2025-03-01 至 2028-03-01");
  await expect(page.locator("#org-term")).toContainText(/距届满 \d+ 天/);
  const history = page.locator("#org-history");
  await expect(history).toContainText("新建");
  await expect(history).toContainText("本届任期届满：（空） → 2028-03-01");

  // The same name again is refused with the reason, and nothing is created.
  await page.goto(generalPage);
  if (js) await hydrated(page);
  await page.locator("#org-create summary").click();
  await page.getByLabel("组织名称").fill(name);
  await page.getByLabel("组织类别").selectOption({ label: "党支部" });
  await page.getByRole("button", { name: "新建" }).click();
  // The refusal is shown, its panel left open (without scripts the page is drawn anew).
  await expect(page.locator("#org-create-error")).toBeVisible();
  await expect(page.locator("#org-create-error")).toContainText("同名");
  await expect(page.locator("#org-children a").filter({ hasText: name })).toHaveCount(1);

  // The county moves the general branch, with the branch below it, under another committee.
  const countyCtx = await browser.newContext();
  const county = await countyCtx.newPage();
  await signIn(county, "13800000000", js);
  await county.goto(generalPage);
  if (js) await hydrated(county);
  await county.locator("#org-move summary").click();
  const target = county.locator("#o-move-to option").first();
  const targetName = (await target.innerText()).split(" · ")[0].trim();
  expect(targetName).not.toBe(committee);
  await county.getByLabel("新的上级组织").selectOption({ index: 0 });
  await county.getByRole("button", { name: "迁移" }).click();
  await expect(county.locator("#org-saved")).toHaveText("已调整隶属关系。");
  await expect(county.locator("#org-history")).toContainText(`上级组织：${committee} → ${targetName}`);
  // The branch came along whole: its place, its 书记 and member, its term.
  await county.goto(orgPage);
  await expect(county.locator("#org-name")).toHaveText(name);
  await expect(county.locator("#org-info")).toContainText(`书记：${leader}`);
  await expect(county.locator("#org-roster")).toContainText(leader);
  await expect(county.locator("#org-term")).toContainText("2025-03-01 至 2028-03-01");
  await countyCtx.close();

  // The committee no longer reaches either: the server refuses, not a hidden link.
  await page.goto(orgPage);
  await expect(page.locator("#org-error")).toHaveText("您没有访问该内容的权限");
  await page.goto(generalPage);
  await expect(page.locator("#org-error")).toHaveText("您没有访问该内容的权限");
  await page.goto("/org");
  await expect(page.locator("#org-children")).not.toContainText(general);
});

test("a branch secretary sees no organization tools", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000002", js);
  await page.goto("/org");
  await expect(page.locator("#org-name")).toContainText("支部");
  await expect(page.locator("#org-manage")).toHaveCount(0);
});

test("a committee merges one branch into another: its members move and it is dissolved", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  const n = projectIndex(info.project.name) + 1;
  await signIn(page, "13800000001", js);
  await page.goto("/org");
  const committeePage = new URL(page.url()).pathname;
  const kept = await createChild(page, js, `合并测试第${n}甲支部（${info.project.name}）`, "党支部");
  await page.goto(committeePage);
  const merged = `合并测试第${n}乙支部（${info.project.name}）`;
  const mergedPage = await createChild(page, js, merged, "党支部");

  // One member in the branch that will be merged away.
  const member = `并入${"甲乙丙"[projectIndex(info.project.name)]}`;
  await page.locator("#new-member").click();
  if (js) await hydrated(page);
  await page.getByLabel("姓名").fill(member);
  await page.getByLabel("性别").selectOption("男");
  await page.getByLabel("公民身份号码").fill(residentId(`43112819800506${projectIndex(info.project.name)}13`));
  await page.getByLabel("手机号码").fill(`1776668000${projectIndex(info.project.name)}`);
  await page.getByLabel("学历").fill("高中");
  await page.getByLabel("入党日期").fill("2012-07-01");
  await page.getByLabel("转正日期（预备党员不填）").fill("2013-07-01");
  await page.locator("#new-member-submit").click();
  await expect(page.locator("#member-name")).toHaveText(member);

  await page.goto(mergedPage);
  if (js) await hydrated(page);
  await page.locator("#org-merge summary").click();
  const keptId = new URL(kept, "http://x").searchParams.get("id")!;
  await page.getByLabel("并入的支部").selectOption(keptId);
  await page.getByLabel("我已核实：合并后本支部撤销，不能恢复").check();
  await page.getByRole("button", { name: "合并" }).click();
  await expect(page.locator("#org-saved")).toHaveText("已合并：原支部的 1 名党员已转入本支部。");
  await expect(page.locator("#org-roster")).toContainText(member);
  // The member is on the kept branch's own roster, read anew.
  await page.goto(kept);
  await expect(page.locator("#org-roster")).toContainText(member);
  // The merged branch is dissolved, its history kept.
  await page.goto(mergedPage);
  await expect(page.locator("#org-history")).toContainText("并入其他支部");
  await page.goto(committeePage);
  await expect(page.locator("#org-children")).not.toContainText(merged);
});
