import type { Client } from 'pg';
import type { CancellationRow, Example, LoadFigures, OutcomeRow } from './load-checks';

/**
 * What the load run counts in the one database: the orders schema and the inventory schema of the
 * run (services/orders and services/inventory migrations), joined where an order meets its
 * reservation. Schema names are the run's own (checked identifiers), never input.
 */
export interface RunSchemas {
  orders: string;
  inventory: string;
}

/** A Postgres identifier the load run made: lower-case letters, digits and "_". */
export function quoted(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name the load run makes: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/** The run's orders: the storefront's, with the burst's external id prefix ($1). */
const RUN_ORDERS = (o: string) => `SELECT * FROM ${o}.orders WHERE source_system = 'ECOMMERCE' AND left(external_order_id, length($1)) = $1`;

/**
 * The run's orders with the simulator's kind, read back from what each order carries (each bad
 * order has exactly one defect, services/simulator/src/storefront/order-generator.ts): a SKU the
 * product read model does not know, an INACTIVE SKU, a quantity <= 0, no delivery date, new-customer
 * details, a storefront customer id outside the ERP's known "1" … "$2", a shown price that is not the
 * SKU's LIST price. The per-kind counts are then compared with the simulator's own.
 */
const RUN_ORDERS_WITH_KIND = (o: string) => `
  WITH run AS (${RUN_ORDERS(o)}),
  line_facts AS (
    SELECT l.order_id,
           bool_or(p.sku IS NULL) AS unknown_sku,
           bool_or(p.status <> 'ACTIVE') AS inactive_sku,
           bool_or(l.quantity <= 0) AS zero_quantity,
           bool_or(lp.amount IS DISTINCT FROM l.shown_unit_price) AS off_list_price
      FROM ${o}.order_lines l
      JOIN run r USING (order_id)
      LEFT JOIN ${o}.products p ON p.sku = l.sku
      LEFT JOIN ${o}.price_points lp ON lp.sku = l.sku AND lp.price_type = 'LIST' AND lp.currency = r.currency
           AND lp.channel IS NULL AND lp.region IS NULL AND lp.customer_id IS NULL AND lp.min_quantity IS NULL AND lp.valid_from IS NULL
     GROUP BY l.order_id
  )
  SELECT r.order_id, r.state, r.hold_reason, r.placed_at,
         CASE
           WHEN f.unknown_sku THEN 'unknown-sku'
           WHEN f.inactive_sku THEN 'inactive-sku'
           WHEN f.zero_quantity THEN 'zero-quantity'
           WHEN r.requested_delivery_date IS NULL THEN 'missing-delivery-date'
           WHEN r.new_customer IS NOT NULL THEN 'new-customer'
           WHEN NOT (r.external_customer_id ~ '^[0-9]{1,12}$' AND r.external_customer_id::bigint BETWEEN 1 AND $2) THEN 'unknown-customer'
           WHEN f.off_list_price THEN 'price-mismatch'
           WHEN f.order_id IS NULL THEN 'no-lines'
           ELSE 'valid'
         END AS kind
    FROM run r LEFT JOIN line_facts f USING (order_id)`;

const CLOSED_STATES = `('REJECTED', 'HELD', 'CANCELLED')`;
const EXAMPLES = 5;

/** The read models the orders service fills from the simulator's reference data. */
export async function readModelCounts(db: Client, schemas: RunSchemas, skuPrefix: string) {
  const o = quoted(schemas.orders);
  const { rows } = await db.query<{ products: number; price_points: number; erp_customers: number }>(
    `SELECT (SELECT count(*)::int FROM ${o}.products WHERE left(sku, length($1)) = $1) AS products,
            (SELECT count(*)::int FROM ${o}.price_points WHERE left(sku, length($1)) = $1) AS price_points,
            (SELECT count(DISTINCT customer_id)::int FROM ${o}.customer_cross_references WHERE source_system = 'ERP') AS erp_customers`,
    [skuPrefix],
  );
  return { products: rows[0].products, pricePoints: rows[0].price_points, erpCustomers: rows[0].erp_customers };
}

/** SKUs of the range inventory holds as CONFIRMED (every location reported by the source of truth, recently enough). */
export async function confirmedSkus(db: Client, schemas: RunSchemas, skuPrefix: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoted(schemas.inventory)}.sku_state WHERE status = 'CONFIRMED' AND left(sku, length($1)) = $1`, [
    skuPrefix,
  ]);
  return rows[0].n;
}

/** The run's orders by state, so far. */
export async function ordersByState(db: Client, schemas: RunSchemas, prefix: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM (${RUN_ORDERS(quoted(schemas.orders))}) run GROUP BY state`, [prefix]);
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

/**
 * Up to `limit` of the run's orders still in a transitional state, each with its state history and
 * what the run's inventory holds for it: the evidence for an order that never settled.
 */
export async function waitingOrders(db: Client, schemas: RunSchemas, prefix: string, limit = 5): Promise<string[]> {
  const o = quoted(schemas.orders);
  const { rows } = await db.query<{ order_id: string; external_order_id: string; state: string; stock_status: string; history: string; reservation: string | null }>(
    `WITH waiting AS (SELECT * FROM (${RUN_ORDERS(o)}) run WHERE state IN ('AWAITING_CUSTOMER', 'AWAITING_STOCK') ORDER BY received_at LIMIT $2)
     SELECT w.order_id, w.external_order_id, w.state, w.stock_status,
            (SELECT string_agg(coalesce(h.from_state, '(new)') || '→' || h.to_state || ' ' || h.reason || ' by ' || h.trigger || ' at ' || to_char(h.at, 'HH24:MI:SS.MS'), '; ' ORDER BY h.id)
               FROM ${o}.order_state_history h WHERE h.order_id = w.order_id) AS history,
            (SELECT r.status || ' since ' || to_char(r.reserved_at, 'HH24:MI:SS.MS') FROM ${quoted(schemas.inventory)}.reservations r WHERE r.order_id = w.order_id) AS reservation
       FROM waiting w`,
    [prefix, limit],
  );
  return rows.map(
    (row) =>
      `${row.order_id} (${row.external_order_id}): ${row.state}, stock ${row.stock_status}, history: ${row.history}; run's inventory: ${row.reservation ?? 'no reservation'}`,
  );
}

/** Outbox rows not yet published, over the given schemas. */
export async function pendingOutbox(db: Client, schemas: readonly string[]): Promise<number> {
  let pending = 0;
  for (const schema of schemas) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoted(schema)}.outbox WHERE sent_at IS NULL`);
    pending += rows[0].n;
  }
  return pending;
}

/** Everything the checks judge that lives in the database (the simulator's counts and dead letters come from elsewhere). */
export async function countRun(
  db: Client,
  schemas: RunSchemas,
  run: { prefix: string; knownCustomers: number },
): Promise<Pick<LoadFigures, 'outcomes' | 'cancellations' | 'intake' | 'history' | 'reservations' | 'reservationAnswers'>> {
  const o = quoted(schemas.orders);
  const i = quoted(schemas.inventory);
  const params = [run.prefix, run.knownCustomers];

  const outcomes = await db.query<{ kind: string; state: string; hold_reason: string | null; n: number }>(
    `SELECT kind, state, hold_reason, count(*)::int AS n FROM (${RUN_ORDERS_WITH_KIND(o)}) k GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    params,
  );
  const cancellations = await db.query<{ kind: string; reason: string; n: number }>(
    `SELECT k.kind, h.reason, count(*)::int AS n
       FROM (${RUN_ORDERS_WITH_KIND(o)}) k JOIN ${o}.order_state_history h ON h.order_id = k.order_id
      WHERE h.reason IN ('CANCELLATION_REFUSED', 'CANCELLATION_IGNORED')
      GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  const intake = await db.query<{ rows: number; without_order: number; duplicates: number }>(
    `SELECT count(*)::int AS rows, (count(*) FILTER (WHERE order_id IS NULL))::int AS without_order, coalesce(sum(duplicates), 0)::int AS duplicates
       FROM ${o}.order_intake WHERE source_system = 'ECOMMERCE' AND left(external_order_id, length($1)) = $1`,
    [run.prefix],
  );

  const history = await db.query<{ order_id: string; state: string; first_from: string | null; has_first: boolean; last_to: string | null }>(
    `WITH run AS (${RUN_ORDERS(o)}),
     firsts AS (SELECT DISTINCT ON (h.order_id) h.order_id, h.from_state FROM ${o}.order_state_history h JOIN run USING (order_id) ORDER BY h.order_id, h.id),
     lasts AS (SELECT DISTINCT ON (h.order_id) h.order_id, h.to_state FROM ${o}.order_state_history h JOIN run USING (order_id) ORDER BY h.order_id, h.id DESC)
     SELECT r.order_id, r.state, f.from_state AS first_from, f.order_id IS NOT NULL AS has_first, l.to_state AS last_to
       FROM run r LEFT JOIN firsts f USING (order_id) LEFT JOIN lasts l USING (order_id)
      WHERE f.order_id IS NULL OR f.from_state IS NOT NULL OR l.to_state IS DISTINCT FROM r.state`,
    [run.prefix],
  );
  const withoutCreation = history.rows.filter((row) => !row.has_first || row.first_from !== null);
  const disagreeing = history.rows.filter((row) => row.last_to !== row.state);

  // An order that ended REJECTED, HELD or CANCELLED must not keep stock: its reservation (if it ever
  // got one) is released — no allocation holding units, and not OPEN.
  const closedHolding = await db.query<{ order_id: string; state: string; status: string; held: number }>(
    `WITH closed AS (SELECT order_id, state FROM (${RUN_ORDERS(o)}) run WHERE state IN ${CLOSED_STATES})
     SELECT c.order_id, c.state, r.status, coalesce(sum(a.held_quantity), 0)::int AS held
       FROM closed c
       JOIN ${i}.reservations r ON r.order_id = c.order_id
       LEFT JOIN ${i}.reservation_allocations a ON a.reservation_id = r.reservation_id
      GROUP BY c.order_id, c.state, r.status
     HAVING r.status = 'OPEN' OR coalesce(sum(a.held_quantity), 0) > 0
      ORDER BY c.order_id`,
    [run.prefix],
  );
  const ledger = await db.query<{ sku: string; location_id: string; reserved: number; held: number }>(
    `WITH held AS (
       SELECT l.sku, a.location_id, sum(a.held_quantity)::int AS held
         FROM ${i}.reservation_allocations a JOIN ${i}.reservation_lines l USING (reservation_id, line_number)
        GROUP BY 1, 2)
     SELECT coalesce(s.sku, h.sku) AS sku, coalesce(s.location_id, h.location_id) AS location_id, coalesce(s.reserved, 0) AS reserved, coalesce(h.held, 0) AS held
       FROM ${i}.stock_levels s FULL JOIN held h ON h.sku = s.sku AND h.location_id = s.location_id
      WHERE coalesce(s.reserved, 0) <> coalesce(h.held, 0)
      ORDER BY 1, 2`,
  );

  // One reservation request, one answer. A second answer comes from another inventory reading the
  // shared request topic (or from a bug): it can hold an order the run's inventory reserved for.
  const answers = await db.query<{ order_id: string; answers: string }>(
    `WITH run AS (${RUN_ORDERS(o)})
     SELECT h.order_id, string_agg(h.trigger || ' → ' || h.to_state || ' ' || h.reason, ', ' ORDER BY h.id) AS answers
       FROM ${o}.order_state_history h JOIN run USING (order_id)
      WHERE h.trigger IN ('StockReserved', 'StockReservationRejected')
      GROUP BY h.order_id HAVING count(*) > 1
      ORDER BY h.order_id`,
    [run.prefix],
  );
  return {
    reservationAnswers: {
      answeredMoreThanOnce: answers.rows.length,
      examples: answers.rows.slice(0, EXAMPLES).map((row): Example => ({ orderId: row.order_id, detail: row.answers })),
    },
    outcomes: outcomes.rows.map((row): OutcomeRow => ({ kind: row.kind, state: row.state, holdReason: row.hold_reason, orders: row.n })),
    cancellations: cancellations.rows.map((row): CancellationRow => ({ kind: row.kind, reason: row.reason, orders: row.n })),
    intake: { rows: intake.rows[0].rows, withoutOrder: intake.rows[0].without_order, duplicates: intake.rows[0].duplicates },
    history: {
      withoutCreation: withoutCreation.length,
      lastEntryDisagrees: disagreeing.length,
      examples: history.rows.slice(0, EXAMPLES).map(
        (row): Example => ({ orderId: row.order_id, detail: `state ${row.state}, first entry from ${row.first_from ?? '(new)'}, last entry to ${row.last_to ?? '(none)'}` }),
      ),
    },
    reservations: {
      holdingForClosedOrders: closedHolding.rows.filter((row) => row.held > 0).length,
      openForClosedOrders: closedHolding.rows.filter((row) => row.status === 'OPEN').length,
      examples: closedHolding.rows.slice(0, EXAMPLES).map((row): Example => ({ orderId: row.order_id, detail: `${row.state}, reservation ${row.status} holding ${row.held}` })),
      ledgerMismatches: ledger.rows.length,
      ledgerExamples: ledger.rows.slice(0, EXAMPLES).map((row) => `${row.sku}@${row.location_id}: reserved ${row.reserved}, held ${row.held}`),
    },
  };
}

/** Timing from the state history: when orders were placed and first decided (accepted, rejected, held or cancelled). */
export interface RunTiming {
  firstPlacedAt: Date;
  lastPlacedAt: Date;
  lastDecidedAt: Date;
  /** Placed → first outcome, seconds, over every decided order. */
  decided: { p50: number; p95: number; p99: number; max: number };
  /** Placed → ACCEPTED, seconds, over the orders accepted (new customers' wait included). */
  accepted: { p50: number; p95: number; p99: number; max: number; orders: number };
}

export async function runTiming(db: Client, schemas: RunSchemas, prefix: string): Promise<RunTiming | undefined> {
  const o = quoted(schemas.orders);
  const { rows } = await db.query<{
    first_placed: Date | null;
    last_placed: Date | null;
    last_decided: Date | null;
    decided: number[] | null;
    decided_max: number | null;
    accepted: number[] | null;
    accepted_max: number | null;
    accepted_orders: number;
  }>(
    `WITH run AS (${RUN_ORDERS(o)}),
     decided AS (
       SELECT r.order_id, r.placed_at,
              min(h.at) FILTER (WHERE h.to_state IN ('ACCEPTED', 'REJECTED', 'HELD', 'CANCELLED')) AS decided_at,
              min(h.at) FILTER (WHERE h.to_state = 'ACCEPTED') AS accepted_at
         FROM run r JOIN ${o}.order_state_history h USING (order_id)
        GROUP BY r.order_id, r.placed_at)
     SELECT min(placed_at) AS first_placed, max(placed_at) AS last_placed, max(decided_at) AS last_decided,
            percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - placed_at)) AS decided,
            max(extract(epoch FROM decided_at - placed_at))::float8 AS decided_max,
            percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - placed_at)) AS accepted,
            max(extract(epoch FROM accepted_at - placed_at))::float8 AS accepted_max,
            (count(accepted_at))::int AS accepted_orders
       FROM decided`,
    [prefix],
  );
  const row = rows[0];
  if (!row?.first_placed || !row.last_placed || !row.last_decided || !row.decided) return undefined;
  const spread = (values: number[], max: number | null) => ({ p50: values[0], p95: values[1], p99: values[2], max: max ?? values[2] });
  return {
    firstPlacedAt: row.first_placed,
    lastPlacedAt: row.last_placed,
    lastDecidedAt: row.last_decided,
    decided: spread(row.decided, row.decided_max),
    accepted: { ...spread(row.accepted ?? [0, 0, 0], row.accepted_max), orders: row.accepted_orders },
  };
}

/** Lines of the run's accepted orders: units ordered, reserved and back-ordered (stock is finite; the charter back-orders). */
export async function backorderFigures(db: Client, schemas: RunSchemas, prefix: string) {
  const o = quoted(schemas.orders);
  const { rows } = await db.query<{ units: number; backordered: number; lines: number; backordered_lines: number }>(
    `SELECT coalesce(sum(l.quantity), 0)::int AS units, coalesce(sum(l.backordered_quantity), 0)::int AS backordered,
            count(*)::int AS lines, (count(*) FILTER (WHERE l.backordered_quantity > 0))::int AS backordered_lines
       FROM (${RUN_ORDERS(o)}) run JOIN ${o}.order_lines l USING (order_id)
      WHERE run.state IN ('ACCEPTED', 'POSTED', 'SHIPPED', 'RETURNED')`,
    [prefix],
  );
  return rows[0];
}

/**
 * Which of `keys` (Kafka keys of dead-lettered records) are about the run: a SKU of the run's range,
 * one of its external order ids, or the order, customer or ERP customer id of one of its orders. The
 * topics are shared, so the run's consumers also see (and may dead-letter) other users' records.
 */
export async function runOwnedKeys(db: Client, schemas: RunSchemas, run: { prefix: string; skuPrefix: string }, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.query<{ key: string }>(
    `WITH run AS (${RUN_ORDERS(quoted(schemas.orders))})
     SELECT DISTINCT k AS key FROM unnest($3::text[]) AS k
      WHERE left(k, length($1)) = $1 OR left(k, length($2)) = $2
         OR EXISTS (SELECT 1 FROM run r WHERE k IN (r.order_id::text, r.customer_id::text, r.erp_customer_id, r.expected_erp_customer_id))`,
    [run.prefix, run.skuPrefix, [...new Set(keys)]],
  );
  return new Set(rows.map((row) => row.key));
}

/** Traffic of other users of the shared topics the run's services took in: orders not of the run, reservations for them. */
export async function foreignTraffic(db: Client, schemas: RunSchemas, prefix: string): Promise<{ orders: number; reservations: number }> {
  const o = quoted(schemas.orders);
  const { rows } = await db.query<{ orders: number; reservations: number }>(
    `SELECT (SELECT count(*)::int FROM ${o}.orders WHERE NOT (source_system = 'ECOMMERCE' AND left(external_order_id, length($1)) = $1)) AS orders,
            (SELECT count(*)::int FROM ${quoted(schemas.inventory)}.reservations r WHERE NOT EXISTS (SELECT 1 FROM (${RUN_ORDERS(o)}) run WHERE run.order_id = r.order_id)) AS reservations`,
    [prefix],
  );
  return rows[0];
}

export async function dropSchemas(db: Client, schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
}
