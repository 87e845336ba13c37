import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import http from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect, jsEnabled, hydrated, openAs } from "./fixtures";

// Grid-centre video end to end (docs/rules.md#grid-centre-video): a village branch's secretary
// registers its stream on /video — refused with the reason for an address a phone would block
// — and its video page plays it (currentTime advances), through hls.js in Chromium; a stream
// that cannot be reached shows "信号中断"; the stream sits beside the branch's meeting record.
// The stream is a short H.264 HLS written here by ffmpeg and served on 127.0.0.1 (a second
// origin, as a real grid centre is: the test server allows `http://127.0.0.1:*` as a stream
// site, scripts/lib.sh).

/** A China-time `datetime-local` value `days` from now at `hour`:00. */
function at(days: number, hour: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, "0")}:00`;
}

let server: http.Server;
let base = "";
let dead = "";

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-hls-"));
  execFileSync("ffmpeg", [
    "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "20",
    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-profile:v", "baseline", "-g", "25",
    "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_playlist_type", "vod",
    join(dir, "grid.m3u8"),
  ]);
  server = http.createServer((req, res) => {
    const file = join(dir, (req.url ?? "/").split("?")[0].replace(/[^\w.]/g, ""));
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t";
    // hls.js fetches across origins, as from a real grid centre's server.
    res.writeHead(200, { "content-type": type, "access-control-allow-origin": "*" }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nobody listens on: the grid centre's signal is down.
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  dead = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/grid.m3u8`;
  await new Promise((r) => probe.close(r));
});

test.afterAll(async () => {
  await new Promise((r) => server.close(r));
});

test("a village secretary registers its grid-centre stream and the video page plays it", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const js = jsEnabled(info.project.name);
  const { ctx, page } = await openAs(browser, info, "13800000002");
  await page.goto("/video");
  if (js) await hydrated(page);
  await page.locator("#video-own").click();
  await expect(page).toHaveURL(/\/video\/\d+$/);
  if (js) await hydrated(page);
  const org = page.url().split("/").pop()!;
  // Start from no stream, whatever an earlier project left (removing is idempotent).
  const gone = await page.request.post("/api/remove_stream", { headers: { accept: "application/json" }, form: { org } });
  expect(gone.ok()).toBeTruthy();
  await page.reload();
  if (js) await hydrated(page);
  await expect(page.locator("#video-none")).toBeVisible();

  // Plain http to another machine would be blocked on a phone: refused, nothing kept.
  await page.locator("#video-url").fill("http://live.example.cn/grid.m3u8");
  await page.locator("#video-hours").fill("00:00-23:59");
  await page.locator("#video-register").click();
  await expect(page.locator("#video-register-error")).toContainText("https://");
  await expect(page.locator("figure.stream")).toHaveCount(0);

  const url = `${base}/grid.m3u8?project=${info.project.name}`;
  await page.locator("#video-name").fill("网格中心直播");
  await page.locator("#video-url").fill(url);
  await page.locator("#video-hours").fill("00:00-23:59");
  await page.locator("#video-register").click();
  const figure = page.locator("figure.stream");
  await expect(figure).toHaveAttribute("data-stream-url", url);
  await expect(figure).toHaveAttribute("data-stream-kind", "hls");
  await expect(figure.locator("a.stream-direct")).toHaveAttribute("href", url);

  if (js) {
    // It plays in place, without a reload.
    await expect(figure).toHaveAttribute("data-state", "playing", { timeout: 20_000 });
    await expect(figure.locator(".stream-state")).toHaveText("直播中");
    await expect
      .poll(() => figure.locator("video").evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 })
      .toBeGreaterThan(1.5);
    // Chromium played it through hls.js, loaded for this page only.
    expect(await page.evaluate(() => typeof (window as unknown as { Hls?: unknown }).Hls)).toBe("function");
  }

  // The branch holds a meeting: its record shows the stream beside it (现场视频).
  const topic = `网格中心现场会（${info.project.name}）`;
  await page.goto("/org-life");
  if (js) await hydrated(page);
  await page.getByLabel("类型").selectOption("theme_party_day");
  await page.getByLabel("主题").fill(topic);
  await page.getByLabel("开始时间").fill(at(3, 9));
  await page.getByLabel("结束时间").fill(at(3, 11));
  await page.getByLabel("地点").fill("村网格化服务中心");
  await page.getByRole("button", { name: "安排并通知党员" }).click();
  await page.locator("#meetings-upcoming a", { hasText: topic }).click();
  await expect(page.locator("#meeting-title")).toContainText(topic);
  await expect(page.locator("#meeting-stream figure.stream")).toHaveAttribute("data-stream-url", url);
  if (js) await expect(page.locator("#meeting-stream figure.stream")).toHaveAttribute("data-state", "playing", { timeout: 20_000 });

  // The secretary stops the registration: the page says there is none.
  await page.goto(`/video/${org}`);
  if (js) await hydrated(page);
  await page.locator("#video-remove").click();
  await expect(page.locator("#video-none")).toBeVisible();
  await expect(page.locator("figure.stream")).toHaveCount(0);
  await ctx.close();
});

test("a stream that cannot be reached says 信号中断, never a blank player @js", async ({ browser }, info) => {
  test.setTimeout(60_000);
  const { ctx, page } = await openAs(browser, info, "13800000002");
  await page.goto("/video");
  await hydrated(page);
  const org = (await page.locator("#video-own").getAttribute("href"))!.split("/").pop()!;
  const r = await page.request.post("/api/register_stream", {
    headers: { accept: "application/json" },
    form: { "stream[org]": org, "stream[name]": "网格中心直播", "stream[url]": dead, "stream[hours]": "00:00-23:59" },
  });
  expect(r.ok()).toBeTruthy();
  await page.goto(`/video/${org}`);
  await hydrated(page);
  const figure = page.locator("figure.stream");
  await expect(figure).toHaveAttribute("data-state", "down", { timeout: 25_000 });
  await expect(figure.locator(".stream-state")).toContainText("信号中断");
  await expect(figure.locator(".stream-retry")).toBeVisible();
  // Later tests find the village without it.
  const gone = await page.request.post("/api/remove_stream", { headers: { accept: "application/json" }, form: { org } });
  expect(gone.ok()).toBeTruthy();
  await ctx.close();
});
