// A Jest reporter that appends this run's totals as one JSON line to $CONCORD_TEST_TOTALS, so
// `./concord test` can close with one line counting every test of every Nx target it ran.
const { appendFileSync } = require('node:fs');

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.CONCORD_TEST_TOTALS;
    if (!file) return;
    const line = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
}

module.exports = TotalsReporter;
