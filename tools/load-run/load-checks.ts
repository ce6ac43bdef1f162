/**
 * What a load run must show, judged from the figures counted in the databases and the simulator's
 * own counts. Pure: run-load-orders.ts gathers the figures (load-database.ts), this decides.
 */

/** The order states of services/orders (domain/order.ts). */
export const ORDER_STATES = ['AWAITING_CUSTOMER', 'AWAITING_STOCK', 'ACCEPTED', 'POSTED', 'SHIPPED', 'RETURNED', 'HELD', 'REJECTED', 'CANCELLED'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** Where an order ended: the issue's three outcomes, cancelled apart, or not settled yet. */
export type Bucket = 'accepted' | 'rejected' | 'held' | 'cancelled' | 'unsettled';
export const BUCKETS: readonly Bucket[] = ['accepted', 'rejected', 'held', 'cancelled', 'unsettled'];

/** States an order passes through on its way to an outcome (services/orders/src/domain/order-state.ts). */
export const TRANSITIONAL_STATES: readonly OrderState[] = ['AWAITING_CUSTOMER', 'AWAITING_STOCK'];

export function bucketOf(state: string): Bucket {
  switch (state) {
    case 'ACCEPTED':
    case 'POSTED':
    case 'SHIPPED':
    case 'RETURNED':
      return 'accepted';
    case 'REJECTED':
      return 'rejected';
    case 'HELD':
      return 'held';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'unsettled';
  }
}

/** The charter's order policies that decide where some kinds end (charter.yaml `order_policies`). */
export interface OrderPolicies {
  priceMismatch: 'HOLD' | 'ACCEPT_GOVERNED_PRICE';
  insufficientStock: 'HOLD' | 'BACKORDER';
}

/** An outcome a kind may end in: a bucket, and for a hold the reason it must carry. */
export interface ExpectedOutcome {
  bucket: Exclude<Bucket, 'unsettled' | 'cancelled'>;
  holdReason?: string;
}

/**
 * Where each of the simulator's order kinds must end, by the orders README's classification
 * ("Rejected or held") and the charter's policies — besides CANCELLED when its source cancelled it.
 * Undefined for a kind the load run does not know: that fails the run rather than pass unjudged.
 */
export function expectedOutcomes(kind: string, policies: OrderPolicies): ExpectedOutcome[] | undefined {
  const accepted: ExpectedOutcome[] = [{ bucket: 'accepted' }];
  // With HOLD, an order inventory cannot serve in full is held; with BACKORDER it is accepted with back-orders.
  const good = policies.insufficientStock === 'HOLD' ? [...accepted, { bucket: 'held' as const, holdReason: 'INSUFFICIENT_STOCK' }] : accepted;
  switch (kind) {
    case 'valid':
    case 'new-customer':
      return good;
    case 'unknown-sku':
    case 'inactive-sku':
    case 'zero-quantity':
      return [{ bucket: 'rejected' }];
    case 'missing-delivery-date':
      return [{ bucket: 'held', holdReason: 'MISSING_DATA' }];
    case 'unknown-customer':
      return [{ bucket: 'held', holdReason: 'INVALID_CUSTOMER' }];
    case 'price-mismatch':
      return policies.priceMismatch === 'HOLD' ? [{ bucket: 'held', holdReason: 'PRICE_MISMATCH' }] : good;
    default:
      return undefined;
  }
}

/** How many orders of a kind are in a state (and, held, for which reason). */
export interface OutcomeRow {
  kind: string;
  state: string;
  holdReason: string | null;
  orders: number;
}

/** What became of the cancellations of a kind's orders, from the state history. */
export interface CancellationRow {
  kind: string;
  /** `CANCELLATION_REFUSED` (already shipped) or `CANCELLATION_IGNORED` (rejected). */
  reason: string;
  orders: number;
}

/** An order id with what makes it an example of a failed check. */
export interface Example {
  orderId: string;
  detail: string;
}

export interface LoadFigures {
  /** The burst's `count`. */
  requested: number;
  /** The simulator's orders sent (acknowledged by the broker), by kind and total. */
  sent: Record<string, number>;
  /** The simulator's cancellations sent, by the kind of order they cancel. */
  cancellationsSent: Record<string, number>;
  /** The run's orders in the orders schema, by kind (classified from their content), state and hold reason. */
  outcomes: OutcomeRow[];
  cancellations: CancellationRow[];
  /** `order_intake` rows of the run, those without an order, and the duplicates seen. */
  intake: { rows: number; withoutOrder: number; duplicates: number };
  /** Orders whose history has no creating entry, or whose last entry is not their state. */
  history: { withoutCreation: number; lastEntryDisagrees: number; examples: Example[] };
  reservations: {
    /** Orders REJECTED, HELD or CANCELLED whose reservation still holds units (held_quantity > 0). */
    holdingForClosedOrders: number;
    /** Orders REJECTED, HELD or CANCELLED whose reservation is still OPEN (even if it holds nothing). */
    openForClosedOrders: number;
    examples: Example[];
    /** SKU-locations whose `reserved` differs from the units the reservations hold there. */
    ledgerMismatches: number;
    ledgerExamples: string[];
  };
  /** Orders of the run whose reservation request got more than one answer (StockReserved / StockReservationRejected). */
  reservationAnswers: { answeredMoreThanOnce: number; examples: Example[] };
  /**
   * Records in the dead-letter topics of the run's consumer groups: those about the run's own SKUs,
   * orders or customers by topic and error code, and how many were about other users' records.
   */
  deadLetters: { own: Array<{ topic: string; code: string; records: number; example: string }>; foreign: number };
}

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

export function bucketTotals(outcomes: readonly OutcomeRow[]): Record<Bucket, number> {
  const totals = Object.fromEntries(BUCKETS.map((bucket) => [bucket, 0])) as Record<Bucket, number>;
  for (const row of outcomes) totals[bucketOf(row.state)] += row.orders;
  return totals;
}

const n = (value: number) => value.toLocaleString('en-US');
const examplesOf = (examples: readonly Example[]) => (examples.length === 0 ? '' : `; e.g. ${examples.map((e) => `${e.orderId} (${e.detail})`).join(', ')}`);

/** Every check of the issue's acceptance, each with the figures it rests on. */
export function evaluateLoadRun(figures: LoadFigures, policies: OrderPolicies): Check[] {
  const totals = bucketTotals(figures.outcomes);
  const stored = figures.outcomes.reduce((sum, row) => sum + row.orders, 0);
  const sentTotal = figures.sent.total ?? 0;
  const checks: Check[] = [];

  checks.push({
    name: 'the simulator sent exactly the orders asked for',
    passed: sentTotal === figures.requested,
    detail: `${n(sentTotal)} sent of ${n(figures.requested)} requested`,
  });
  checks.push({
    name: 'every order sent is stored once',
    passed: stored === sentTotal && figures.intake.rows === sentTotal && figures.intake.withoutOrder === 0,
    detail: `${n(stored)} orders, ${n(figures.intake.rows)} intake rows (${n(figures.intake.withoutOrder)} without an order), ${n(sentTotal)} sent; duplicates seen: ${n(figures.intake.duplicates)}`,
  });
  checks.push({
    name: 'every order settled (none AWAITING_CUSTOMER / AWAITING_STOCK)',
    passed: totals.unsettled === 0,
    detail: `${n(totals.unsettled)} unsettled`,
  });
  const sum = totals.accepted + totals.rejected + totals.held + totals.cancelled;
  checks.push({
    name: 'accepted + rejected + held + cancelled = orders sent',
    passed: sum === sentTotal && sum === figures.requested,
    detail: `${n(totals.accepted)} + ${n(totals.rejected)} + ${n(totals.held)} + ${n(totals.cancelled)} = ${n(sum)}; sent ${n(sentTotal)}`,
  });

  const kinds = [...new Set([...Object.keys(figures.sent).filter((kind) => kind !== 'total'), ...figures.outcomes.map((row) => row.kind)])].sort();
  const storedOf = (kind: string) => figures.outcomes.filter((row) => row.kind === kind).reduce((s, row) => s + row.orders, 0);
  const kindMismatches = kinds.filter((kind) => storedOf(kind) !== (figures.sent[kind] ?? 0));
  checks.push({
    name: 'orders per kind (classified from the stored orders) = the simulator’s counts',
    passed: kindMismatches.length === 0,
    detail: kindMismatches.length === 0 ? `${kinds.length} kinds match` : kindMismatches.map((kind) => `${kind}: ${n(storedOf(kind))} stored, ${n(figures.sent[kind] ?? 0)} sent`).join('; '),
  });

  for (const kind of kinds) {
    const expected = expectedOutcomes(kind, policies);
    const rows = figures.outcomes.filter((row) => row.kind === kind);
    if (!expected) {
      checks.push({ name: `${kind}: ends as classified`, passed: false, detail: `the load run knows no classification for the kind "${kind}"` });
      continue;
    }
    const fits = (row: OutcomeRow) =>
      bucketOf(row.state) === 'cancelled' || expected.some((e) => e.bucket === bucketOf(row.state) && (e.holdReason === undefined || e.holdReason === row.holdReason));
    const unexpected = rows.filter((row) => !fits(row));
    const described = expected.map((e) => (e.holdReason ? `${e.bucket} (${e.holdReason})` : e.bucket)).join(' or ');
    checks.push({
      name: `${kind}: ends ${described}, or cancelled`,
      passed: unexpected.length === 0,
      detail:
        unexpected.length === 0
          ? rows.map((row) => `${row.state}${row.holdReason ? ` ${row.holdReason}` : ''} ${n(row.orders)}`).join(', ') || 'none sent'
          : `unexpected: ${unexpected.map((row) => `${row.state}${row.holdReason ? ` ${row.holdReason}` : ''} ${n(row.orders)}`).join(', ')}`,
    });
  }

  const cancelKinds = [...new Set([...Object.keys(figures.cancellationsSent).filter((kind) => kind !== 'total'), ...kinds])].sort();
  const cancelProblems = cancelKinds.flatMap((kind) => {
    const cancelled = figures.outcomes.filter((row) => row.kind === kind && row.state === 'CANCELLED').reduce((s, row) => s + row.orders, 0);
    const other = figures.cancellations.filter((row) => row.kind === kind).reduce((s, row) => s + row.orders, 0);
    const sentCancellations = figures.cancellationsSent[kind] ?? 0;
    return cancelled + other === sentCancellations ? [] : [`${kind}: ${n(cancelled)} cancelled + ${n(other)} refused/ignored ≠ ${n(sentCancellations)} cancellations sent`];
  });
  const refusedOrIgnored = figures.cancellations.reduce((s, row) => s + row.orders, 0);
  checks.push({
    name: 'every cancellation sent cancelled its order, or was refused (shipped) / ignored (rejected) in its history',
    passed: cancelProblems.length === 0,
    detail:
      cancelProblems.length === 0
        ? `${n(figures.cancellationsSent.total ?? 0)} sent = ${n(totals.cancelled)} cancelled + ${n(refusedOrIgnored)} refused or ignored`
        : cancelProblems.join('; '),
  });

  const { reservations } = figures;
  checks.push({
    name: 'no stock held for a rejected, held or cancelled order',
    passed: reservations.holdingForClosedOrders === 0 && reservations.openForClosedOrders === 0,
    detail: `${n(reservations.holdingForClosedOrders)} such orders hold units, ${n(reservations.openForClosedOrders)} have an OPEN reservation${examplesOf(reservations.examples)}`,
  });
  checks.push({
    name: 'every reservation request answered once (no other inventory answered the run’s requests)',
    passed: figures.reservationAnswers.answeredMoreThanOnce === 0,
    detail: `${n(figures.reservationAnswers.answeredMoreThanOnce)} orders answered more than once${examplesOf(figures.reservationAnswers.examples)}`,
  });
  checks.push({
    name: 'reserved stock per SKU and location = units the reservations hold there',
    passed: reservations.ledgerMismatches === 0,
    detail: `${n(reservations.ledgerMismatches)} SKU-locations differ${reservations.ledgerExamples.length > 0 ? `; e.g. ${reservations.ledgerExamples.join(', ')}` : ''}`,
  });
  checks.push({
    name: 'every order has a state history that starts with its creation and ends in its state',
    passed: figures.history.withoutCreation === 0 && figures.history.lastEntryDisagrees === 0,
    detail: `${n(figures.history.withoutCreation)} without a creating entry, ${n(figures.history.lastEntryDisagrees)} whose last entry is not their state${examplesOf(figures.history.examples)}`,
  });
  const { own, foreign } = figures.deadLetters;
  const others = foreign > 0 ? `; ${n(foreign)} dead letters about other users' records on the shared topics (not the run's)` : '';
  checks.push({
    name: 'nothing of the run dead-lettered',
    passed: own.length === 0,
    detail: own.length === 0 ? `none${others}` : `${own.map((d) => `${d.topic} ${d.code}: ${n(d.records)} (e.g. ${d.example})`).join('; ')}${others}`,
  });
  return checks;
}
