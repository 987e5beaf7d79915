// Prints the closing line of `npm test`: "N passed, N failed", and exits non-zero
// when anything failed. A suite that could not run counts as a failure.
import fs from 'node:fs';

const [reportPath, stepsPassed, stepsFailed, jestStatus] = process.argv.slice(2);
let passed = Number(stepsPassed);
let failed = Number(stepsFailed);
if (fs.existsSync(reportPath)) {
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  const pending = report.numPendingTests + report.numTodoTests;
  if (pending > 0) {
    console.error(`${pending} test(s) skipped or todo: not allowed`);
    failed += pending;
  }
  if (report.numTotalTests === 0) {
    console.error('jest ran no test');
    failed += 1;
  }
} else {
  console.error('jest wrote no report');
  failed += 1;
}
if (failed === 0 && Number(jestStatus) !== 0) {
  console.error(`jest exited with ${jestStatus}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
