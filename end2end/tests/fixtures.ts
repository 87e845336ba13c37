import { test as base, expect, Page } from "@playwright/test";

// Every test fails on any console error or uncaught page error: this is what catches hydration
// panics and missing assets (a 404 favicon is a console error too).
export const test = base.extend<{ failOnConsoleErrors: void }>({
  failOnConsoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`pageerror: ${e}`));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
      });
      await use();
      // A test that provokes an error on purpose (a 404 page) names it with an
      // "allow-console" annotation; everything else fails the test.
      const allowed = base.info().annotations.filter((a) => a.type === "allow-console").map((a) => a.description!);
      expect(errors.filter((e) => !allowed.some((a) => e.includes(a))), "browser errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const jsEnabled = (projectName: string) => projectName !== "nojs";

/** Waits until the WASM has hydrated the page (the App's effect sets the flag). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Signs in a demo account (password demo1234) through the login form and lands on the home page. */
/** Signs in with the demo password: from `/login` to the home page, or — when `back` is given —
 * on the login page a link led to, which must return to `back` (a full URL). */
export async function signIn(page: Page, mobile: string, js: boolean, back?: string) {
  if (back === undefined) await page.goto("/login");
  if (js) await hydrated(page);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("密码").fill("demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(back ?? /\/$/);
}
