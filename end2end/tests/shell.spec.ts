import { test, expect, jsEnabled, hydrated } from "./fixtures";

test("home page renders in Chinese with the navigation for the screen size", async ({ page }, info) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page).toHaveTitle("党建云");
  await expect(page.getByRole("heading", { level: 1, name: "党建云" })).toBeVisible();

  const tabbar = page.locator("nav.tabbar");
  const sidenav = page.locator("nav.sidenav");
  if (info.project.name === "desktop") {
    await expect(sidenav).toBeVisible();
    await expect(tabbar).toBeHidden();
  } else {
    await expect(tabbar).toBeVisible();
    await expect(sidenav).toBeHidden();
    for (const label of ["首页", "学习", "组织生活", "我的"]) {
      const link = tabbar.getByRole("link", { name: label });
      await expect(link).toBeVisible();
      const box = await link.boundingBox();
      expect(box!.height, `${label} is a large touch target`).toBeGreaterThanOrEqual(44);
    }
  }
  if (jsEnabled(info.project.name)) await hydrated(page);
});

test("tab bar navigates between the four sections", async ({ page }, info) => {
  await page.goto("/");
  if (jsEnabled(info.project.name)) await hydrated(page);
  const nav = page.locator(info.project.name === "desktop" ? "nav.sidenav" : "nav.tabbar");
  await nav.getByRole("link", { name: "学习" }).click();
  await expect(page).toHaveURL(/\/study$/);
  await expect(page.getByRole("heading", { level: 1, name: "学习" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "学习" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "组织生活" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "组织生活" })).toBeVisible();
  await nav.getByRole("link", { name: "我的" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "我的" })).toBeVisible();
});

test("unknown addresses get a Chinese 404 page with status 404", async ({ page }) => {
  test.info().annotations.push({ type: "allow-console", description: "status of 404 (Not Found)" });
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await expect(page.getByRole("link", { name: "返回首页" })).toBeVisible();
});

test("browser-side HTTP (gloo-net) reads the health check after hydration @js", async ({ page }) => {
  await page.goto("/me");
  await hydrated(page);
  await expect(page.locator("#service-status")).toHaveText(/^服务正常 · 版本 \d+\.\d+\.\d+$/);
});

test("health check and static assets: JSON, long cache, compression", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  const body = await health.json();
  expect(body.status).toBe("ok");
  expect(body.storage).toBe("sqlite ok");
  expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);

  const html = await (await request.get("/")).text();
  const wasm = html.match(/\/pkg\/[^"']+\.wasm/);
  expect(wasm, "page links a hashed wasm file").not.toBeNull();
  const asset = await request.get(wasm![0], { headers: { "Accept-Encoding": "br, gzip" } });
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toContain("immutable");
  expect(asset.headers()["content-encoding"]).toMatch(/br|gzip/);
});
