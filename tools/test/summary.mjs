// Prints the closing line of `./concord test`: every test of every Jest run, added up from the
// lines that libs/testing/src/reporters/totals-reporter.cjs wrote to $CONCORD_TEST_TOTALS.
import { existsSync, readFileSync } from 'node:fs';

const file = process.env.CONCORD_TEST_TOTALS;
const totals = { passed: 0, failed: 0, skipped: 0 };
if (file && existsSync(file)) {
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const run = JSON.parse(line);
    for (const key of Object.keys(totals)) totals[key] += run[key];
  }
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
