import zlib from "node:zlib";

/** The shared strings of an .xlsx workbook, in order: enough to read the password sheets the
 * import hands out (every cell there is a string). A zip is read from its central directory. */
export function sharedStrings(book: Buffer): string[] {
  const end = book.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("not a zip file");
  const entries = book.readUInt16LE(end + 10);
  let at = book.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const method = book.readUInt16LE(at + 10);
    const size = book.readUInt32LE(at + 20);
    const nameLength = book.readUInt16LE(at + 28);
    const extra = book.readUInt16LE(at + 30);
    const comment = book.readUInt16LE(at + 32);
    const local = book.readUInt32LE(at + 42);
    const name = book.toString("utf8", at + 46, at + 46 + nameLength);
    if (name === "xl/sharedStrings.xml") {
      const start = local + 30 + book.readUInt16LE(local + 26) + book.readUInt16LE(local + 28);
      const data = book.subarray(start, start + size);
      const xml = (method === 8 ? zlib.inflateRawSync(data) : data).toString("utf8");
      return [...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error("no shared strings in the workbook");
}
