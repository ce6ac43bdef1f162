import { allPassed, kindRows, loadRunMarkdown, notesOf, outcomeRows, terminalSummary, textTable, type LoadRunReport } from './load-report';

function report(overrides: Partial<LoadRunReport> = {}): LoadRunReport {
  return {
    runId: '20260101-abcdef12',
    startedAt: new Date('2026-01-01T10:00:00Z'),
    finishedAt: new Date('2026-01-01T10:20:00Z'),
    command: 'npm run load:orders',
    machine: '2 cores',
    code: 'git abc1234',
    settings: { orders: 4, ratePerSecond: 100, badShare: 0.5, newCustomerShare: 0, cancelShare: 0.25, skus: 10, customers: 5, wmsRate: 20, seed: 1 },
    policies: { priceMismatch: 'ACCEPT_GOVERNED_PRICE', insufficientStock: 'BACKORDER' },
    setupSeconds: 40.04,
    burst: { sendSeconds: 0.04, settleSeconds: 12.5, sent: { valid: 2, 'unknown-sku': 1, 'missing-delivery-date': 1, total: 4 }, cancellationsSent: { valid: 1, total: 1 } },
    outcomes: [
      { kind: 'valid', state: 'POSTED', holdReason: null, orders: 1 },
      { kind: 'valid', state: 'CANCELLED', holdReason: null, orders: 1 },
      { kind: 'unknown-sku', state: 'REJECTED', holdReason: null, orders: 1 },
      { kind: 'missing-delivery-date', state: 'HELD', holdReason: 'MISSING_DATA', orders: 1 },
    ],
    timing: { decideSeconds: 2, decidedPerSecond: 2, decided: { p50: 0.5, p95: 1, p99: 1.5, max: 2 }, accepted: { p50: 0.6, p95: 1, p99: 1, max: 1, orders: 2 } },
    backorders: { units: 10, backordered: 1, lines: 3, backordered_lines: 1 },
    peakBacklog: { unstored: 2, unsettled: 1 },
    foreign: { orders: 0, reservations: 0, deadLetters: 3 },
    checks: [{ name: 'accepted + rejected + held + cancelled = orders sent', passed: true, detail: '1 + 1 + 1 + 1 = 4; sent 4' }],
    ...overrides,
  };
}

describe('the load run report', () => {
  it('shows each outcome with its states and share, cancelled apart, and a total against what was sent', () => {
    expect(outcomeRows(report().outcomes, 4)).toEqual([
      ['accepted', '1', '25.00 %', 'POSTED 1'],
      ['rejected', '1', '25.00 %', 'REJECTED 1'],
      ['held', '1', '25.00 %', 'HELD MISSING_DATA 1'],
      ['cancelled', '1', '25.00 %', 'CANCELLED 1'],
      ['total', '4', '100.00 %', 'simulator sent 4'],
    ]);
  });

  it('lists orders still waiting as unsettled only when there are some', () => {
    const rows = outcomeRows([{ kind: 'valid', state: 'AWAITING_STOCK', holdReason: null, orders: 3 }], 3);
    expect(rows[4]).toEqual(['unsettled', '3', '100.00 %', 'AWAITING_STOCK 3']);
  });

  it('shows per kind what was sent, where it ended and where it had to end', () => {
    expect(kindRows(report())).toEqual([
      ['valid', '2', '2', '1', '0', '0', '1', '1', 'accepted'],
      ['unknown-sku', '1', '1', '0', '1', '0', '0', '0', 'rejected'],
      ['missing-delivery-date', '1', '1', '0', '0', '1', '0', '0', 'held MISSING_DATA'],
    ]);
  });

  it('aligns a text table', () => {
    expect(textTable(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\nccc  d');
  });

  it('passes only with every check passed and nothing left unfinished', () => {
    expect(allPassed(report())).toBe(true);
    expect(allPassed(report({ checks: [] }))).toBe(false);
    expect(allPassed(report({ problem: 'not settled within LOAD_TIMEOUT_S=10' }))).toBe(false);
    expect(allPassed(report({ checks: [{ name: 'x', passed: false, detail: 'y' }] }))).toBe(false);
  });

  it('names the failed checks at the end of the terminal summary', () => {
    const failing = report({ checks: [{ name: 'no stock held for a rejected, held or cancelled order', passed: false, detail: '1 such orders hold units' }] });
    expect(terminalSummary(failing).split('\n').at(-1)).toBe('load run: FAILED (no stock held for a rejected, held or cancelled order)');
    expect(terminalSummary(report()).split('\n').at(-1)).toBe('load run: every check passed');
  });

  it('writes the page with the run, its figures and the method', () => {
    const page = loadRunMarkdown(report());
    expect(page).toContain('Run `20260101-abcdef12`, 2026-01-01T10:00:00.000Z → 2026-01-01T10:20:00.000Z: every check passed.');
    expect(page).toContain('| cancelled | 1 | 25.00 % | CANCELLED 1 |');
    expect(page).toContain('| first order placed → last order decided | 2.0 s: **2 orders/s** decided on average |');
    expect(page).toContain('| accepted + rejected + held + cancelled = orders sent | pass | 1 + 1 + 1 + 1 = 4; sent 4 |');
    expect(page).toContain('KAFKA_NEW_GROUP_STARTS_AT=latest');
  });
});

describe('the service log section', () => {
  it('lists each service’s most frequent warnings, or that it logged nothing', () => {
    const page = loadRunMarkdown(
      report({
        logs: [
          { service: 'inventory', entries: [{ level: 'warn', what: 'handler failed; retrying (deadlock detected)', count: 46 }] },
          { service: 'customers', entries: [] },
        ],
      }),
    );
    expect(page).toContain('| inventory | warn | handler failed; retrying (deadlock detected) | 46 |');
    expect(page).toContain('| customers |  | nothing |  |');
  });
});

describe('the hand-written notes of the page', () => {
  it('are carried from the page written before into the next one', () => {
    const first = loadRunMarkdown(report(), '- the inventory deadlocks under load (see the log table)');
    expect(notesOf(first)).toBe('- the inventory deadlocks under load (see the log table)');
    expect(notesOf(loadRunMarkdown(report(), notesOf(first)))).toBe('- the inventory deadlocks under load (see the log table)');
  });

  it('are absent from a page without the markers', () => {
    expect(notesOf('# Load run\n\nno notes here')).toBeUndefined();
    expect(notesOf(loadRunMarkdown(report()))).toBe('(none yet)');
  });
});
