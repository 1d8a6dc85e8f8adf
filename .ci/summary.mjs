// Prints "N passed, N failed" over every report named: vitest JSON reports and {passed, failed,
// skipped} ones (the Python client's). A missing report counts as a failure.
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) files.push(".vitest-report.json");
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

function countVitest(report) {
  const files = report.testResults ?? [];
  // A file that fails without a failing test did not load (syntax error, import failure):
  // count it, or a broken file would read as green.
  const brokenFiles = files.filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"));
  for (const f of brokenFiles) console.log(`test file failed to run: ${f.name}: ${(f.message ?? "").split("\n")[0]}`);
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + brokenFiles.length;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

for (const file of files) {
  const report = read(file);
  if (!report) continue;
  if (Array.isArray(report.testResults)) {
    countVitest(report);
  } else {
    passed += report.passed ?? 0;
    failed += report.failed ?? 0;
    skipped += report.skipped ?? 0;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
