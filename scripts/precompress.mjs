// Writes .br and .gz beside every file of each folder given (/pkg, /vendor) once at build time,
// so the server sends the smallest encoding (brotli quality 11) without compressing per request.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

for (const dir of process.argv.slice(2))
for (const name of readdirSync(dir)) {
  if (!/\.(js|wasm|css)$/.test(name)) continue;
  const data = readFileSync(join(dir, name));
  writeFileSync(
    join(dir, name + ".br"),
    brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  );
  writeFileSync(join(dir, name + ".gz"), gzipSync(data, { level: 9 }));
}
