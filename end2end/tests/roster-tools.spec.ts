import { test, expect, jsEnabled, hydrated, signIn } from "./fixtures";

test("a branch secretary finds a member by the tail of their mobile and exports the roster, masked and in full", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  await signIn(page, "13800000002", js);
  await page.goto("/org");
  const first = page.locator("#org-roster tbody tr").first();
  const name = (await first.locator("td a").innerText()).trim();
  const tail = (await first.locator("td").nth(2).innerText()).trim().slice(-4);
  if (js) await hydrated(page);
  await page.locator("#search-q").fill(tail);
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${tail}`));
  await expect(page.locator("#search-hits")).toContainText(name);

  await page.locator("#roster-export summary").click();
  const [masked] = await Promise.all([page.waitForEvent("download"), page.locator("#export-masked button").click()]);
  expect(masked.suggestedFilename()).toMatch(/党员名册.*\.xlsx$/);
  await page.locator("#export-reason").fill("换届选举资格审查");
  const [full] = await Promise.all([page.waitForEvent("download"), page.locator("#export-full button").click()]);
  expect(full.suggestedFilename()).toMatch(/\.xlsx$/);
});
