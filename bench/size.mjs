// Measures a first visit: fetch each page, then every CSS/JS/WASM it loads (the JS loader's WASM
// included), and report raw and brotli sizes. Usage: node size.mjs BASE_URL BUDGET_KB [--check]
// The county map (`/command/map`) is measured signed in as the county's administrator: its
// first visit has the same budget, and the map's SVG alone must stay under 100 KB brotli.
import { brotliCompressSync, constants } from "node:zlib";

const [base, budgetArg, mode] = process.argv.slice(2);
const budget = Number(budgetArg) * 1000;
const pages = ["/", "/dues/calculator", "/study"];

const br = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

let cookie = "";
async function get(path) {
  const res = await fetch(new URL(path, base), { headers: { "accept-encoding": "identity", cookie } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

function assetsOf(html) {
  const found = new Set();
  for (const m of html.matchAll(/(?:href|src)="(\/pkg\/[^"]+\.(?:css|js|wasm))"/g)) found.add(m[1]);
  // The map page's own script.
  for (const m of html.matchAll(/src="(\/command-map\.js)"/g)) found.add(m[1]);
  // HydrationScripts imports the JS and names the WASM inside an inline module script.
  for (const m of html.matchAll(/["'](\/pkg\/[^"']+\.(?:js|wasm))["']/g)) found.add(m[1]);
  return [...found];
}

const kb = (n) => (n / 1000).toFixed(1).padStart(8);
let homeTotal = 0;
let mapTotal = 0;
let svgSize = 0;
const MAP = "/command/map";
for (const page of [...pages, MAP]) {
  if (page === MAP) {
    const res = await fetch(new URL("/api/login", base), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: "mobile=13800000000&password=demo1234",
    });
    cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  }
  const html = await get(page);
  const rows = [["html " + page, html.length, br(html)]];
  const queue = assetsOf(html.toString());
  for (let i = 0; i < queue.length; i++) {
    const asset = queue[i];
    const body = await get(asset);
    rows.push([asset.replace(/^\/pkg\//, ""), body.length, br(body)]);
    // The loader imports the split-WASM runtime (`--split`): it is part of every first visit.
    if (asset.endsWith(".js")) {
      for (const m of body.toString().matchAll(/(__wasm_split\.[\w-]+\.js)/g)) {
        const dep = "/pkg/" + m[1];
        if (!queue.includes(dep)) queue.push(dep);
      }
    }
  }
  const total = rows.reduce((a, r) => [a[0] + r[1], a[1] + r[2]], [0, 0]);
  console.log(`\n${page}`);
  console.log("  file".padEnd(52) + "raw KB".padStart(8) + "  brotli KB".padStart(10));
  for (const [name, raw, b] of rows) console.log("  " + name.padEnd(50) + kb(raw) + "  " + kb(b));
  console.log("  " + "total".padEnd(50) + kb(total[0]) + "  " + kb(total[1]));
  if (page === "/") homeTotal = total[1];
  if (page === MAP) {
    mapTotal = total[1];
    const svg = /<svg id="county-map"[\s\S]*?<\/svg>/.exec(html.toString());
    if (!svg) throw new Error(`${page}: no map SVG in the page`);
    svgSize = br(Buffer.from(svg[0]));
    console.log("  " + "(the map's SVG alone)".padEnd(50) + kb(Buffer.byteLength(svg[0])) + "  " + kb(svgSize));
  } else if (!rows.some(([n]) => n.endsWith(".wasm"))) throw new Error(`${page}: no wasm found in the page`);
}
console.log(`\nfirst visit to / : ${(homeTotal / 1000).toFixed(1)} KB brotli (budget ${budget / 1000} KB)`);
console.log(`first visit to ${MAP} : ${(mapTotal / 1000).toFixed(1)} KB brotli (budget ${budget / 1000} KB); its SVG ${(svgSize / 1000).toFixed(1)} KB (budget 100 KB)`);
if (mode === "--check" && (homeTotal > budget || mapTotal > budget || svgSize > 100_000)) {
  console.error("over budget");
  process.exit(1);
}
