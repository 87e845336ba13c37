import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

test("a member's suggestion is adopted by the branch secretary; the member is told and earns points", async ({ browser }, info) => {
  const js = jsEnabled(info.project.name);
  const title = `三组路灯坏了（${info.project.name}）`;
  const memberCtx = await browser.newContext();
  const secretaryCtx = await browser.newContext();
  const member = await memberCtx.newPage();
  const secretary = await secretaryCtx.newPage();

  await signIn(member, "13800000003", js);
  await member.goto("/suggestions");
  if (js) await hydrated(member);
  // A photo from the phone: uploaded first (without JavaScript the page comes back with it).
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  await member.locator("#s-photo").setInputFiles({ name: "lamp.png", mimeType: "image/png", buffer: png });
  await member.locator("#s-photo-upload").click();
  if (js) await expect(member.locator("#photo-note")).toHaveText("照片已上传，提交建议时一并发送。");
  await expect(member.locator("#photo-preview")).toHaveAttribute("src", /^\/files\/suggestion\/[0-9a-f]{32}\.png$/);
  if (js) await hydrated(member);
  await member.getByLabel("标题").fill(title);
  await member.getByLabel("内容").fill("路口的路灯坏了一个月，晚上开会回家不安全。");
  await member.getByRole("button", { name: "提交" }).click();
  await expect(member.locator("#suggestion-sent")).toBeVisible();
  // The photo went with it: the form is clear for the next suggestion.
  await expect(member.locator("#photo-preview")).toHaveCount(0);
  await expect(member.locator("#my-suggestions")).toContainText(title);
  await expect(member.locator("#my-suggestions")).toContainText("待处理");
  await expect(member.locator("#my-suggestions li").filter({ hasText: title }).locator("img.photo")).toBeVisible();
  if (js) await hydrated(member);

  await signIn(secretary, "13800000002", js);
  await secretary.goto("/suggestions");
  const item = secretary.locator(".queue-item").filter({ hasText: title });
  // The secretary sees the photo, served as the image it is.
  await expect(item.locator("img.photo")).toHaveAttribute("src", /^\/files\/suggestion\/[0-9a-f]{32}\.png$/);
  if (js) await expect(item.locator("img.photo")).toHaveJSProperty("naturalWidth", 1);
  await item.getByLabel("处理方式").selectOption("adopt");
  await item.getByLabel("答复内容").fill("已报村委会，本周修好。");
  await item.getByRole("button", { name: "提交处理" }).click();
  await expect(secretary.locator("#suggestion-handled")).toBeVisible();
  await expect(secretary.locator(".queue-item").filter({ hasText: title })).toContainText("已采纳");

  // With JavaScript the unread badge appears without a reload; without, the home card says so.
  if (js) {
    await expect(member.locator("#inbox-badge")).toBeVisible({ timeout: 20_000 });
    await member.locator("#inbox-badge").click();
  } else {
    await member.goto("/");
    await expect(member.locator("#home-unread")).toHaveText(/^\d+ 条未读消息$/);
    await member.locator("#home-unread").click();
  }
  await expect(member).toHaveURL(/\/inbox$/);
  await expect(member.locator("#inbox")).toContainText("您的建议被采纳");
  await expect(member.locator("#inbox")).toContainText(`《${title}》已被采纳，获得 5 分。`);
  await member.goto("/suggestions");
  await expect(member.locator("#my-suggestions")).toContainText("已采纳，获得 5 分");
  await expect(member.locator("#my-suggestions")).toContainText("答复：已报村委会，本周修好。");
  await member.goto("/points");
  await expect(member.locator("#points-ledger")).toContainText("意见建议被采纳");
  await memberCtx.close();
  await secretaryCtx.close();
});

test("an empty title gets a clear message and nothing is sent", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  test.info().annotations.push({ type: "allow-console", description: "status of 422 (Unprocessable Entity)" });
  await signIn(page, "13800000004", js);
  await page.goto("/suggestions");
  if (js) await hydrated(page);
  await page.getByLabel("标题").fill("  ");
  await page.getByLabel("内容").fill("流动党员希望每月有一次线上学习。");
  // The browser's own check would stop an empty field; spaces pass it and reach the server.
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.locator("#suggest-error")).toHaveText("标题：内容为空、过长或含有不允许的字符");
  await expect(page.locator("#my-suggestions")).toContainText("还没有提过建议");
});
