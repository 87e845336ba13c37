import { defineConfig } from "@playwright/test";

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

// Debian's Chromium: Playwright's own browser download is impossible on our offline machines.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./tests",
  // Records the village branch's board before any test moves it (the home page test's "yesterday").
  globalSetup: "./global-setup.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // No retries, here or in CI: a test that passes only on a second try is a bug to fix (its
  // waiting, or the code), not a pass.
  retries: 0,
  reporter: [["list"]],
  use: { baseURL, trace: "off", locale: "zh-CN", launchOptions },
  projects: [
    {
      name: "phone",
      testIgnore: /dues-months/,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
    },
    { name: "desktop", testIgnore: /dues-months/, use: { viewport: { width: 1280, height: 800 } } },
    {
      // Proves the server-rendered pages and forms work before (or without) the WASM.
      name: "nojs",
      // Tests tagged @js exercise the WASM itself and have nothing to prove without it.
      grepInvert: /@js/,
      testIgnore: /dues-months/,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false },
    },
    {
      // Moves the county's billing months forward, so it runs once everything else is done.
      name: "months",
      testMatch: /dues-months/,
      dependencies: ["phone", "desktop", "nojs"],
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
    },
  ],
});
