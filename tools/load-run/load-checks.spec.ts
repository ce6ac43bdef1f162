import { bucketOf, bucketTotals, evaluateLoadRun, expectedOutcomes, type Check, type LoadFigures, type OrderPolicies } from './load-checks';

const policies: OrderPolicies = { priceMismatch: 'ACCEPT_GOVERNED_PRICE', insufficientStock: 'BACKORDER' };

/** A clean run of 10 orders: valid ones (one cancelled, one cancellation refused after shipping), a new customer, three bad kinds (a cancellation of the rejected one ignored). */
function cleanFigures(): LoadFigures {
  return {
    requested: 10,
    sent: { valid: 6, 'new-customer': 1, 'unknown-sku': 1, 'missing-delivery-date': 1, 'price-mismatch': 1, total: 10 },
    cancellationsSent: { valid: 2, 'unknown-sku': 1, total: 3 },
    outcomes: [
      { kind: 'valid', state: 'POSTED', holdReason: null, orders: 3 },
      { kind: 'valid', state: 'SHIPPED', holdReason: null, orders: 2 },
      { kind: 'valid', state: 'CANCELLED', holdReason: null, orders: 1 },
      { kind: 'new-customer', state: 'ACCEPTED', holdReason: null, orders: 1 },
      { kind: 'unknown-sku', state: 'REJECTED', holdReason: null, orders: 1 },
      { kind: 'missing-delivery-date', state: 'HELD', holdReason: 'MISSING_DATA', orders: 1 },
      { kind: 'price-mismatch', state: 'SHIPPED', holdReason: null, orders: 1 },
    ],
    cancellations: [
      { kind: 'valid', reason: 'CANCELLATION_REFUSED', orders: 1 },
      { kind: 'unknown-sku', reason: 'CANCELLATION_IGNORED', orders: 1 },
    ],
    intake: { rows: 10, withoutOrder: 0, duplicates: 0 },
    history: { withoutCreation: 0, lastEntryDisagrees: 0, examples: [] },
    reservations: { holdingForClosedOrders: 0, openForClosedOrders: 0, examples: [], ledgerMismatches: 0, ledgerExamples: [] },
    reservationAnswers: { answeredMoreThanOnce: 0, examples: [] },
    deadLetters: { own: [], foreign: 0 },
  };
}

const failed = (checks: Check[]) => checks.filter((check) => !check.passed);

describe('where each kind of order must end', () => {
  it('follows the orders README: unknown/inactive SKU and zero quantity rejected, missing data and unknown customers held', () => {
    expect(expectedOutcomes('unknown-sku', policies)).toEqual([{ bucket: 'rejected' }]);
    expect(expectedOutcomes('inactive-sku', policies)).toEqual([{ bucket: 'rejected' }]);
    expect(expectedOutcomes('zero-quantity', policies)).toEqual([{ bucket: 'rejected' }]);
    expect(expectedOutcomes('missing-delivery-date', policies)).toEqual([{ bucket: 'held', holdReason: 'MISSING_DATA' }]);
    expect(expectedOutcomes('unknown-customer', policies)).toEqual([{ bucket: 'held', holdReason: 'INVALID_CUSTOMER' }]);
    expect(expectedOutcomes('valid', policies)).toEqual([{ bucket: 'accepted' }]);
  });

  it('takes the price mismatch and stock policies from the charter', () => {
    expect(expectedOutcomes('price-mismatch', policies)).toEqual([{ bucket: 'accepted' }]);
    expect(expectedOutcomes('price-mismatch', { ...policies, priceMismatch: 'HOLD' })).toEqual([{ bucket: 'held', holdReason: 'PRICE_MISMATCH' }]);
    expect(expectedOutcomes('new-customer', { ...policies, insufficientStock: 'HOLD' })).toEqual([{ bucket: 'accepted' }, { bucket: 'held', holdReason: 'INSUFFICIENT_STOCK' }]);
  });

  it('knows no outcome for a kind it was never told about', () => {
    expect(expectedOutcomes('teleported', policies)).toBeUndefined();
  });

  it('puts posted, shipped and returned orders with the accepted ones, and the waiting states apart', () => {
    expect(['ACCEPTED', 'POSTED', 'SHIPPED', 'RETURNED'].map(bucketOf)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(['AWAITING_CUSTOMER', 'AWAITING_STOCK'].map(bucketOf)).toEqual(['unsettled', 'unsettled']);
    expect(bucketTotals(cleanFigures().outcomes)).toEqual({ accepted: 7, rejected: 1, held: 1, cancelled: 1, unsettled: 0 });
  });
});

describe('judging a load run', () => {
  it('passes a run whose counts add up', () => {
    const checks = evaluateLoadRun(cleanFigures(), policies);
    expect(failed(checks)).toEqual([]);
    expect(checks.find((check) => check.name.startsWith('accepted + rejected'))?.detail).toBe('7 + 1 + 1 + 1 = 10; sent 10');
  });

  it('fails when an order is missing, naming the kind it belongs to', () => {
    const figures = cleanFigures();
    figures.outcomes[0] = { ...figures.outcomes[0], orders: 2 };
    figures.intake.rows = 9;
    expect(failed(evaluateLoadRun(figures, policies)).map((check) => `${check.name}: ${check.detail}`)).toEqual([
      'every order sent is stored once: 9 orders, 9 intake rows (0 without an order), 10 sent; duplicates seen: 0',
      'accepted + rejected + held + cancelled = orders sent: 6 + 1 + 1 + 1 = 9; sent 10',
      'orders per kind (classified from the stored orders) = the simulator’s counts: valid: 5 stored, 6 sent',
    ]);
  });

  it('fails orders still waiting, and a bad kind that ended where it must not', () => {
    const figures = cleanFigures();
    figures.outcomes.push({ kind: 'valid', state: 'AWAITING_STOCK', holdReason: null, orders: 1 });
    figures.outcomes[4] = { kind: 'unknown-sku', state: 'HELD', holdReason: 'MISSING_DATA', orders: 1 };
    const byName = new Map(failed(evaluateLoadRun(figures, policies)).map((check) => [check.name, check.detail]));
    expect(byName.get('every order settled (none AWAITING_CUSTOMER / AWAITING_STOCK)')).toBe('1 unsettled');
    expect(byName.get('valid: ends accepted, or cancelled')).toBe('unexpected: AWAITING_STOCK 1');
    expect(byName.get('unknown-sku: ends rejected, or cancelled')).toBe('unexpected: HELD MISSING_DATA 1');
  });

  it('fails a held order of the right bucket but the wrong reason', () => {
    const figures = cleanFigures();
    figures.outcomes[5] = { kind: 'missing-delivery-date', state: 'HELD', holdReason: 'INVALID_CUSTOMER', orders: 1 };
    expect(failed(evaluateLoadRun(figures, policies)).map((check) => check.detail)).toEqual(['unexpected: HELD INVALID_CUSTOMER 1']);
  });

  it('fails a kind the simulator sends but the load run cannot classify', () => {
    const figures = cleanFigures();
    figures.sent = { ...figures.sent, teleported: 1, total: 11 };
    figures.requested = 11;
    figures.outcomes.push({ kind: 'teleported', state: 'ACCEPTED', holdReason: null, orders: 1 });
    figures.intake.rows = 11;
    expect(failed(evaluateLoadRun(figures, policies)).map((check) => check.detail)).toEqual(['the load run knows no classification for the kind "teleported"']);
  });

  it('fails a cancellation that left no trace', () => {
    const figures = cleanFigures();
    figures.cancellations = figures.cancellations.filter((row) => row.kind !== 'unknown-sku');
    expect(failed(evaluateLoadRun(figures, policies)).map((check) => check.detail)).toEqual(['unknown-sku: 0 cancelled + 0 refused/ignored ≠ 1 cancellations sent']);
  });

  it('fails stock still held for a closed order, and a ledger that does not add up, with examples', () => {
    const figures = cleanFigures();
    figures.reservations = {
      holdingForClosedOrders: 1,
      openForClosedOrders: 1,
      examples: [{ orderId: 'o-1', detail: 'CANCELLED, reservation OPEN holding 3' }],
      ledgerMismatches: 1,
      ledgerExamples: ['SKU-1@DC-EAST: reserved 5, held 3'],
    };
    expect(failed(evaluateLoadRun(figures, policies)).map((check) => check.detail)).toEqual([
      '1 such orders hold units, 1 have an OPEN reservation; e.g. o-1 (CANCELLED, reservation OPEN holding 3)',
      '1 SKU-locations differ; e.g. SKU-1@DC-EAST: reserved 5, held 3',
    ]);
  });

  it('fails the run’s own dead letters but only reports other users’', () => {
    const figures = cleanFigures();
    figures.deadLetters = { own: [], foreign: 4 };
    const deadLetterCheck = () => evaluateLoadRun(figures, policies).find((check) => check.name === 'nothing of the run dead-lettered');
    expect(deadLetterCheck()).toEqual({ name: 'nothing of the run dead-lettered', passed: true, detail: "none; 4 dead letters about other users' records on the shared topics (not the run's)" });
    figures.deadLetters.own = [{ topic: 'orders.order-placed.v1.g.dlt', code: 'X', records: 2, example: 'k: why' }];
    expect(deadLetterCheck()?.passed).toBe(false);
  });

  it('fails an order whose reservation request was answered twice, showing the answers', () => {
    const figures = cleanFigures();
    figures.reservationAnswers = {
      answeredMoreThanOnce: 1,
      examples: [{ orderId: 'o-3', detail: 'StockReservationRejected → HELD INSUFFICIENT_STOCK, StockReserved → HELD LATE_RESERVATION_RELEASED' }],
    };
    expect(failed(evaluateLoadRun(figures, policies)).map((check) => check.detail)).toEqual([
      '1 orders answered more than once; e.g. o-3 (StockReservationRejected → HELD INSUFFICIENT_STOCK, StockReserved → HELD LATE_RESERVATION_RELEASED)',
    ]);
  });

  it('fails a history that does not end in the order’s state', () => {
    const figures = cleanFigures();
    figures.history = { withoutCreation: 0, lastEntryDisagrees: 1, examples: [{ orderId: 'o-2', detail: 'state HELD, first entry from (new), last entry to ACCEPTED' }] };
    expect(failed(evaluateLoadRun(figures, policies)).map((check) => check.name)).toEqual(['every order has a state history that starts with its creation and ends in its state']);
  });
});
