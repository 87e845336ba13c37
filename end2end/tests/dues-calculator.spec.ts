import { test, expect, hydrated } from "./fixtures";

test("typing a base shows the dues at once, computed in the browser @js", async ({ page }) => {
  await page.goto("/dues/calculator");
  await hydrated(page);
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));

  const base = page.locator("#dues-base");
  await base.fill("3000");
  await expect(page.locator("#dues-amount")).toHaveText("15.00 元");
  await base.fill("3000.01");
  await expect(page.locator("#dues-amount")).toHaveText("30.00 元");
  await expect(page.locator("#dues-explanation")).toContainText("3000元以上至5000元（含）");

  await page.locator("#dues-category").selectOption("retiree");
  await base.fill("6000");
  await expect(page.locator("#dues-amount")).toHaveText("60.00 元");

  await base.fill("六千");
  await expect(page.locator(".field-error")).toContainText("金额");
  await base.fill("4000");
  await expect(page.locator("#dues-amount")).toHaveText("20.00 元");
  expect(requests, "no request while calculating").toEqual([]);
});

test("payslip lines give the base and the dues @js", async ({ page }) => {
  await page.goto("/dues/calculator");
  await hydrated(page);
  await page.getByText("按工资条计算基数").click();
  await page.locator("#p-basic_salary").fill("5200");
  await page.locator("#p-income_tax").fill("100");
  await page.locator("#p-housing_fund").fill("600");
  await expect(page.locator("#dues-payslip-base")).toHaveText("按工资条计算的交纳基数：4500.00 元");
  await expect(page.locator("#dues-amount")).toHaveText("45.00 元");
});

test("the calculator form works as a plain form", async ({ page }, info) => {
  test.info().annotations.push({ type: "project", description: info.project.name });
  await page.goto("/dues/calculator");
  await page.locator("#dues-category").selectOption("employed");
  await page.locator("#dues-base").fill("8000");
  await page.getByRole("button", { name: "计算" }).click();
  await expect(page.locator("#dues-amount")).toHaveText("120.00 元");
});

test("the public quote API answers with the same rules", async ({ request }) => {
  const r = await request.get("/api/v1/dues/quote?category=employed&base_fen=1200000");
  expect(r.status()).toBe(200);
  const body = await r.json();
  expect(body.amount_fen).toBe(24000);
  expect(body.rate).toBe("2%");
  const bad = await request.get("/api/v1/dues/quote?category=employed&base_fen=abc");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe("invalid_money");
});
