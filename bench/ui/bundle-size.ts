/** The UI bundle's size as a browser downloads it: every file of the build, raw and gzip. */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export function bundleSize(dir: string): BundleFile[] {
  const files: BundleFile[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith(".map")) {
        const data = readFileSync(p);
        files.push({ file: relative(dir, p), bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length });
      }
    }
  };
  walk(dir);
  return files.sort((a, b) => b.bytes - a.bytes);
}
