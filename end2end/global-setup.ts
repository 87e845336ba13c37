import { request, type FullConfig } from "@playwright/test";

/** Before any test: every member's points on the village branch's board (13800000002's branch,
 * read as that secretary), handed to the tests in E2E_VILLAGE_POINTS_AT_START. The server was
 * just seeded (scripts/e2e.sh) with a history that ends yesterday, so these are the standings at
 * the end of yesterday, which the home page's movement ("排名上升了 N 位") compares with. */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use?.baseURL ?? process.env.BASE_URL ?? "http://127.0.0.1:3000";
  const api = await request.newContext({ baseURL });
  const login = await api.post("/api/login", {
    form: { mobile: "13800000002", password: "demo1234" },
    headers: { accept: "application/json" },
  });
  if (!login.ok()) throw new Error(`global setup: the secretary's login answered ${login.status()}`);
  const html = await (await api.get("/rankings?full=1")).text();
  await api.dispose();
  const start = html.indexOf('id="board-members"');
  const end = html.indexOf("</ol>", start);
  if (start < 0 || end < 0) throw new Error("global setup: no member board on /rankings?full=1");
  const points = [...html.slice(start, end).matchAll(/class="score">(-?\d+)/g)].map((m) => Number(m[1]));
  const total = Number(/共 (?:<!>)?(\d+)/.exec(html.slice(start, end))?.[1]);
  if (points.length === 0 || points.length !== total) {
    throw new Error(`global setup: read ${points.length} scores from a board of ${total}`);
  }
  process.env.E2E_VILLAGE_POINTS_AT_START = JSON.stringify(points);
}
