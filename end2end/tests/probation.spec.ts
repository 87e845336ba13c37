import { test, expect, jsEnabled, hydrated, signIn, expectServerFnRefused, chinaDay } from "./fixtures";

// The three projects share one server and database: each admits its own probationer.
const projectIndex = (name: string) => ["phone", "desktop", "nojs"].indexOf(name);

/** A resident ID (GB 11643) from its first 17 digits, with the check digit. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

test("a branch proposes a probationer's conversion after the assembly and the committee approves it", async ({ page, browser }, info) => {
  // The refused vote is answered with 422, which Chromium logs.
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  const js = jsEnabled(info.project.name);
  const i = projectIndex(info.project.name);
  const name = `转正${"甲乙丙"[i]}`;

  // The secretary adds a member admitted 400 days ago, so the probation has ended.
  await signIn(page, "13800000002", js);
  await page.goto("/org");
  await page.locator("#new-member").click();
  if (js) await hydrated(page);
  await page.getByLabel("姓名").fill(name);
  await page.getByLabel("性别").selectOption("男");
  await page.getByLabel("公民身份号码").fill(residentId(`43112819900512${i}33`));
  await page.getByLabel("手机号码").fill(`1776669100${i}`);
  await page.getByLabel("学历").fill("大专");
  await page.getByLabel("入党日期").fill(chinaDay(-400));
  await page.locator("#new-member-submit").click();
  await expect(page.locator("#member-name")).toHaveText(name);
  const file = new URL(page.url()).pathname;
  if (js) await hydrated(page);
  const probation = page.locator("#probation");
  const ends = ((await probation.locator("#probation-ends").innerText()).match(/\d{4}-\d{2}-\d{2}/) ?? [""])[0];
  expect(ends < chinaDay(0)).toBeTruthy();

  // The assembly's vote must have had its quorum; then the proposal goes up.
  await probation.locator("summary", { hasText: "报请转正" }).click();
  await page.getByLabel("支部党员大会日期").fill(chinaDay(0));
  await page.getByLabel("应到会有表决权党员（正式党员）").fill("10");
  await page.getByLabel("赞成").fill("3");
  await page.getByRole("button", { name: "报上级党委审批" }).click();
  await expect(page.locator("#propose-error")).toContainText("未超过应到会人数的半数");
  // The page drawn anew without scripts keeps the panel open; the day is typed again.
  await page.getByLabel("支部党员大会日期").fill(chinaDay(0));
  await page.getByLabel("应到会有表决权党员（正式党员）").fill("5");
  await page.getByLabel("赞成").fill("4");
  await page.getByRole("button", { name: "报上级党委审批" }).click();
  await expect(page.locator("#member-done")).toContainText("转正申请已报上级党委审批");
  await expect(page.locator("#probation-proposals")).toContainText("待上级党委审批");
  await expect(page.locator("#probation-proposals")).toContainText("应到 5，赞成 4");
  // The branch does not decide: the server refuses, whatever the page shows.
  await expect(page.getByRole("button", { name: "提交决定" })).toHaveCount(0);
  const conversion = "1";
  await expectServerFnRefused(page, "/api/decide_conversion", {
    id: file.split("/").pop() ?? "",
    conversion_id: conversion,
    decision: "approve",
  });

  // The committee above approves: the member is full from the day the probation ended.
  const ctx = await browser.newContext();
  const committee = await ctx.newPage();
  await signIn(committee, "13800000001", js);
  // Its home page lists the proposal waiting for it, linked to the file.
  await committee.locator("#home-conversions a", { hasText: name }).click();
  await expect(committee).toHaveURL(new RegExp(`${file}#probation$`));
  if (js) await hydrated(committee);
  await committee.getByLabel("批准转正").check();
  await committee.getByRole("button", { name: "提交决定" }).click();
  await expect(committee.locator("#member-done")).toContainText("审批决定已记录");
  await expect(committee.locator("#probation-proposals")).toContainText("已批准转正");
  const facts = committee.locator("#member-file");
  await expect(facts).toContainText(`转正日期${ends}`);
  await expect(facts).toContainText("党员类别正式");
  await expect(committee.getByRole("button", { name: "报上级党委审批" })).toHaveCount(0);
  await ctx.close();
});
