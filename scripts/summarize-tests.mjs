// Sums Vitest's and Playwright's JSON reports into one closing line: "total: N passed, N failed, N skipped".
// Exits non-zero when a report is missing or no test ran, so an empty run never looks green.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`missing test report: ${file}`);
    process.exitCode = 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if ("numPassedTests" in report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
}
if (passed + failed === 0) process.exitCode = 1;
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
