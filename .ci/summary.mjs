// Prints "N passed, N failed" from vitest's JSON report plus any extra reports
// ({passed, failed, skipped} JSON, e.g. the Python client's); a missing report counts as a failure.
import { readFileSync } from "node:fs";

const [vitestFile = ".vitest-report.json", ...extraFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function read(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    console.log(`no test report at ${file}: ${err.message}`);
    failed++;
    return undefined;
  }
}

const report = read(vitestFile);
if (report) {
  const files = report.testResults ?? [];
  // A file that fails without a failing test did not load (syntax error, import failure):
  // count it, or a broken file would read as green.
  const brokenFiles = files.filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"));
  for (const f of brokenFiles) console.log(`test file failed to run: ${f.name}: ${(f.message ?? "").split("\n")[0]}`);
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + brokenFiles.length;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
for (const file of extraFiles) {
  const extra = read(file);
  if (!extra) continue;
  passed += extra.passed ?? 0;
  failed += extra.failed ?? 0;
  skipped += extra.skipped ?? 0;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
