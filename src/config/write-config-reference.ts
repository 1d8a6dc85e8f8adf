/** `npm run docs:config`: rewrites the configuration reference in the given Markdown file (README.md). */
import { readFileSync, writeFileSync } from "node:fs";
import { withConfigReference } from "./config-reference.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: write-config-reference FILE.md");
  process.exit(2);
}
const before = readFileSync(file, "utf8");
const after = withConfigReference(before);
if (after === before) {
  console.log(`${file}: configuration reference up to date`);
} else {
  writeFileSync(file, after);
  console.log(`${file}: configuration reference rewritten`);
}
