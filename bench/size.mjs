// Measures a first visit: fetch each page, then every CSS/JS/WASM it loads (the JS loader's WASM
// included), and report raw and brotli sizes. Usage: node size.mjs BASE_URL BUDGET_KB [--check]
import { brotliCompressSync, constants } from "node:zlib";

const [base, budgetArg, mode] = process.argv.slice(2);
const budget = Number(budgetArg) * 1000;
const pages = ["/", "/dues/calculator", "/study"];

const br = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function get(path) {
  const res = await fetch(new URL(path, base), { headers: { "accept-encoding": "identity" } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

function assetsOf(html) {
  const found = new Set();
  for (const m of html.matchAll(/(?:href|src)="(\/pkg\/[^"]+\.(?:css|js|wasm))"/g)) found.add(m[1]);
  // HydrationScripts imports the JS and names the WASM inside an inline module script.
  for (const m of html.matchAll(/["'](\/pkg\/[^"']+\.(?:js|wasm))["']/g)) found.add(m[1]);
  return [...found];
}

const kb = (n) => (n / 1000).toFixed(1).padStart(8);
let homeTotal = 0;
for (const page of pages) {
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
  if (!rows.some(([n]) => n.endsWith(".wasm"))) throw new Error(`${page}: no wasm found in the page`);
}
console.log(`\nfirst visit to / : ${(homeTotal / 1000).toFixed(1)} KB brotli (budget ${budget / 1000} KB)`);
if (mode === "--check" && homeTotal > budget) {
  console.error("over budget");
  process.exit(1);
}
