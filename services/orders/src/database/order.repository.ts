import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { insertRows } from '@concord/persistence';
import type { HoldReason, NewCustomerDetails, PostalAddress, PriceType, SourceSystem, StockAllocation } from '@concord/contracts';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import type { CustomerKey } from '../domain/customer-resolution';
import type { FulfilledLine, OrderRecord, OrderState, PlacedLine, PricedLine, StockStatus } from '../domain/order';
import type { OrderIssue } from '../domain/orders.errors';

/** An OrderCancelled that arrived before its OrderPlaced. */
export interface EarlyCancellation {
  readonly reason: string;
  readonly cancelledAt: string;
  readonly actor: string;
  readonly eventId: string;
}

/** What orders knows of a (source system, external order id), locked for the transaction. */
export interface OrderIntake {
  readonly sourceSystem: SourceSystem;
  readonly externalOrderId: string;
  readonly orderId: string | null;
  readonly earlyCancellation: EarlyCancellation | null;
}

interface OrderRow {
  order_id: string;
  source_system: SourceSystem;
  external_order_id: string;
  channel: string;
  external_customer_id: string;
  new_customer: NewCustomerDetails | null;
  currency: string;
  requested_delivery_date: string | null;
  ship_to: PostalAddress;
  purchase_order_number: string | null;
  placed_at: Date;
  received_at: Date;
  state: OrderState;
  stock_status: StockStatus;
  customer_id: string | null;
  erp_customer_id: string | null;
  expected_erp_customer_id: string | null;
  customer_wait_deadline: Date | null;
  hold_reason: HoldReason | null;
  hold_issues: OrderIssue[] | null;
  hold_owner_team: string | null;
  hold_review_deadline: Date | null;
  held_at: Date | null;
  rejection_issues: OrderIssue[] | null;
  reservation_id: string | null;
  total_amount: string | null;
  accepted_at: Date | null;
  erp_order_number: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  charter_version: string;
}

interface LineRow {
  order_id: string;
  line_number: number;
  sku: string;
  quantity: number;
  shown_unit_price: string;
  unit_price: string | null;
  applied_price_type: PriceType | null;
  price_change_id: string | null;
  price_mismatch: boolean | null;
  backordered_quantity: number | null;
  allocations: StockAllocation[] | null;
  line_amount: string | null;
}

// Dates as text: node-pg would read a `date` as local midnight.
const ORDER_COLUMNS = `order_id, source_system, external_order_id, channel, external_customer_id, new_customer, currency,
  requested_delivery_date::text AS requested_delivery_date, ship_to, purchase_order_number, placed_at, received_at, state, stock_status,
  customer_id, erp_customer_id, expected_erp_customer_id, customer_wait_deadline, hold_reason, hold_issues, hold_owner_team,
  hold_review_deadline, held_at, rejection_issues, reservation_id, total_amount, accepted_at, erp_order_number, cancelled_at,
  cancel_reason, charter_version`;

/** Orders with their lines, and the intake record that serialises an order's placement and cancellation. */
@Injectable()
export class OrderRepository {
  private readonly intake: string;
  private readonly orders: string;
  private readonly lines: string;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig) {
    const schema = `"${config.ORDERS_DB_SCHEMA}"`;
    this.intake = `${schema}.order_intake`;
    this.orders = `${schema}.orders`;
    this.lines = `${schema}.order_lines`;
  }

  /**
   * The intake record of an external order, created if new and locked FOR UPDATE: a concurrent
   * OrderPlaced or OrderCancelled of the same order waits until this transaction ends.
   */
  async claimIntake(manager: EntityManager, sourceSystem: SourceSystem, externalOrderId: string): Promise<OrderIntake> {
    const intakes = await this.claimIntakes(manager, [{ sourceSystem, externalOrderId }]);
    return intakes.get(intakeKey({ sourceSystem, externalOrderId }))!;
  }

  /**
   * The intake records of several external orders (by `intakeKey`), created if new and locked FOR
   * UPDATE in one global order (source system, external id), so two chunks never deadlock on them.
   */
  async claimIntakes(manager: EntityManager, references: ReadonlyArray<Pick<OrderIntake, 'sourceSystem' | 'externalOrderId'>>): Promise<Map<string, OrderIntake>> {
    const unique = [...new Map(references.map((reference) => [intakeKey(reference), reference])).values()].sort(
      (a, b) => compare(a.sourceSystem, b.sourceSystem) || compare(a.externalOrderId, b.externalOrderId),
    );
    const systems = unique.map((reference) => reference.sourceSystem);
    const ids = unique.map((reference) => reference.externalOrderId);
    await manager.query(`INSERT INTO ${this.intake} (source_system, external_order_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [systems, ids]);
    const rows: Array<{ source_system: SourceSystem; external_order_id: string; order_id: string | null; early_cancellation: EarlyCancellation | null }> = await manager.query(
      `SELECT source_system, external_order_id, order_id, early_cancellation FROM ${this.intake}
       WHERE (source_system, external_order_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY source_system, external_order_id
       FOR UPDATE`,
      [systems, ids],
    );
    return new Map(
      rows.map((row) => {
        const intake = { sourceSystem: row.source_system, externalOrderId: row.external_order_id, orderId: row.order_id, earlyCancellation: row.early_cancellation };
        return [intakeKey(intake), intake];
      }),
    );
  }

  /** Records the order each intake became. */
  async attachOrders(manager: EntityManager, attachments: ReadonlyArray<{ intake: OrderIntake; orderId: string }>): Promise<void> {
    if (attachments.length === 0) return;
    await manager.query(
      `UPDATE ${this.intake} AS intake SET order_id = attached.order_id
       FROM unnest($1::text[], $2::text[], $3::uuid[]) AS attached (source_system, external_order_id, order_id)
       WHERE intake.source_system = attached.source_system AND intake.external_order_id = attached.external_order_id`,
      [attachments.map(({ intake }) => intake.sourceSystem), attachments.map(({ intake }) => intake.externalOrderId), attachments.map(({ orderId }) => orderId)],
    );
  }

  /** Counts each intake once per time it was placed again. */
  async countDuplicates(manager: EntityManager, intakes: readonly OrderIntake[]): Promise<void> {
    if (intakes.length === 0) return;
    await manager.query(
      `UPDATE ${this.intake} AS intake SET duplicates = duplicates + placed.times
       FROM (SELECT source_system, external_order_id, count(*)::int AS times FROM unnest($1::text[], $2::text[]) AS again (source_system, external_order_id)
             GROUP BY 1, 2) AS placed
       WHERE intake.source_system = placed.source_system AND intake.external_order_id = placed.external_order_id`,
      [intakes.map((intake) => intake.sourceSystem), intakes.map((intake) => intake.externalOrderId)],
    );
  }

  async rememberEarlyCancellation(manager: EntityManager, intake: OrderIntake, cancellation: EarlyCancellation): Promise<void> {
    await manager.query(`UPDATE ${this.intake} SET early_cancellation = $3 WHERE source_system = $1 AND external_order_id = $2`, [
      intake.sourceSystem,
      intake.externalOrderId,
      JSON.stringify(cancellation),
    ]);
  }

  /** Stores new orders and their lines (with whatever prices and reservation the records have), in two statements. */
  async insert(manager: EntityManager, ...orders: readonly OrderRecord[]): Promise<void> {
    if (orders.length === 0) return;
    const placedColumns = ['order_id', 'source_system', 'external_order_id', 'channel', 'external_customer_id', 'new_customer', 'currency', 'requested_delivery_date', 'ship_to', 'purchase_order_number', 'placed_at', 'received_at'];
    await insertRows(
      manager,
      this.orders,
      [...placedColumns, ...CHANGING_COLUMNS.map(([name]) => name)],
      orders.map((order) => [
        order.orderId,
        order.sourceSystem,
        order.externalOrderId,
        order.channel,
        order.externalCustomerId,
        order.newCustomer === null ? null : JSON.stringify(order.newCustomer),
        order.currency,
        order.requestedDeliveryDate,
        JSON.stringify(order.shipTo),
        order.purchaseOrderNumber,
        order.placedAt,
        order.receivedAt,
        ...changingValues(order),
      ]),
    );
    await insertRows(
      manager,
      this.lines,
      ['order_id', 'line_number', 'sku', 'quantity', 'shown_unit_price', ...LINE_DECISION_COLUMNS.map(([name]) => name)],
      orders.flatMap((order) => {
        const decided = lineDecisions(order);
        return order.lines.map((line) => [order.orderId, line.lineNumber, line.sku, line.quantity, line.shownUnitPrice.toFixed(), ...(decided.get(line.lineNumber) ?? NO_LINE_DECISION)]);
      }),
    );
  }

  /** Stores everything about these orders that changes after placement, lines included, in at most three statements. */
  async save(manager: EntityManager, ...orders: readonly OrderRecord[]): Promise<void> {
    if (orders.length === 0) return;
    const columns = CHANGING_COLUMNS;
    const values = orders.map(changingValues);
    await manager.query(
      `UPDATE ${this.orders} AS o SET ${columns.map(([name]) => `${name} = changed.${name}`).join(', ')}, updated_at = now()
       FROM unnest($1::uuid[], ${columns.map(([, type], index) => `$${index + 2}::${type}[]`).join(', ')}) AS changed (order_id, ${columns.map(([name]) => name).join(', ')})
       WHERE o.order_id = changed.order_id`,
      [orders.map((order) => order.orderId), ...columns.map((_, index) => values.map((row) => row[index]))],
    );
    // Prices of an earlier validation no longer stand once the order is held or rejected.
    const unpriced = orders.filter((order) => (order.pricedLines ?? []).length === 0).map((order) => order.orderId);
    if (unpriced.length > 0) {
      await manager.query(
        `UPDATE ${this.lines} SET ${LINE_DECISION_COLUMNS.map(([name]) => `${name} = NULL`).join(', ')}
         WHERE order_id = ANY($1::uuid[]) AND unit_price IS NOT NULL`,
        [unpriced],
      );
    }
    const decided = orders.flatMap((order) => [...lineDecisions(order)].map(([lineNumber, row]) => [order.orderId, lineNumber, ...row]));
    if (decided.length === 0) return;
    const lineColumns = LINE_DECISION_COLUMNS;
    await manager.query(
      `UPDATE ${this.lines} AS line SET ${lineColumns.map(([name]) => `${name} = decided.${name}`).join(', ')}
       FROM unnest($1::uuid[], $2::int[], ${lineColumns.map(([, type], index) => `$${index + 3}::${type}[]`).join(', ')})
         AS decided (order_id, line_number, ${lineColumns.map(([name]) => name).join(', ')})
       WHERE line.order_id = decided.order_id AND line.line_number = decided.line_number`,
      [decided.map((row) => row[0]), decided.map((row) => row[1]), ...lineColumns.map((_, index) => decided.map((row) => row[index + 2]))],
    );
  }

  /** The order, its row locked FOR UPDATE; undefined when there is none. */
  async lock(manager: EntityManager, orderId: string): Promise<OrderRecord | undefined> {
    return (await this.lockMany(manager, [orderId])).get(orderId);
  }

  /** The orders there are of `orderIds`, their rows locked FOR UPDATE in order id order (no deadlock between two lockers). */
  async lockMany(manager: EntityManager, orderIds: readonly string[]): Promise<Map<string, OrderRecord>> {
    const rows: OrderRow[] = await manager.query(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`, [
      [...new Set(orderIds)],
    ]);
    return new Map((await this.withLines(manager, rows)).map((order) => [order.orderId, order]));
  }

  async find(manager: EntityManager, orderId: string): Promise<OrderRecord | undefined> {
    const [order] = await this.withLines(manager, await manager.query(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE order_id = $1`, [orderId]));
    return order;
  }

  async findByExternalId(manager: EntityManager, sourceSystem: SourceSystem, externalOrderId: string): Promise<OrderRecord | undefined> {
    const rows: OrderRow[] = await manager.query(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE source_system = $1 AND external_order_id = $2`, [sourceSystem, externalOrderId]);
    const [order] = await this.withLines(manager, rows);
    return order;
  }

  /**
   * Orders waiting for a customer created under any of `keys` (their own source id, or the ERP id
   * the charter's rule expects), locked FOR UPDATE in order id order.
   */
  async lockAwaitingCustomer(manager: EntityManager, keys: readonly CustomerKey[]): Promise<OrderRecord[]> {
    const erpIds = keys.filter((key) => key.sourceSystem === 'ERP').map((key) => key.externalId);
    const sources = keys.filter((key) => key.sourceSystem !== 'ERP');
    const rows: OrderRow[] = await manager.query(
      `SELECT ${ORDER_COLUMNS} FROM ${this.orders}
       WHERE state = 'AWAITING_CUSTOMER'
         AND (expected_erp_customer_id = ANY($1::text[])
              OR (source_system, external_customer_id) IN (SELECT * FROM unnest($2::text[], $3::text[])))
       ORDER BY order_id
       FOR UPDATE`,
      [erpIds, sources.map((key) => key.sourceSystem), sources.map((key) => key.externalId)],
    );
    return this.withLines(manager, rows);
  }

  /** Up to `limit` orders whose customer wait ran out by `now`, skipping those another transaction holds. */
  async lockDueCustomerWaits(manager: EntityManager, now: Date, limit: number): Promise<OrderRecord[]> {
    const rows: OrderRow[] = await manager.query(
      `SELECT ${ORDER_COLUMNS} FROM ${this.orders}
       WHERE state = 'AWAITING_CUSTOMER' AND customer_wait_deadline <= $1
       ORDER BY customer_wait_deadline LIMIT $2
       FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return this.withLines(manager, rows);
  }

  /** A page of the held orders, most urgent review first. */
  async findHeld(manager: EntityManager, limit: number, offset: number): Promise<{ total: number; orders: OrderRecord[] }> {
    const [{ total }]: Array<{ total: string }> = await manager.query(`SELECT count(*) AS total FROM ${this.orders} WHERE state = 'HELD'`);
    const rows: OrderRow[] = await manager.query(
      `SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE state = 'HELD' ORDER BY hold_review_deadline, order_id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { total: Number(total), orders: await this.withLines(manager, rows) };
  }

  private async withLines(manager: EntityManager, rows: readonly OrderRow[]): Promise<OrderRecord[]> {
    if (rows.length === 0) return [];
    const lineRows: LineRow[] = await manager.query(`SELECT * FROM ${this.lines} WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line_number`, [rows.map((row) => row.order_id)]);
    const linesOf = new Map<string, LineRow[]>();
    for (const line of lineRows) {
      const lines = linesOf.get(line.order_id);
      if (lines === undefined) linesOf.set(line.order_id, [line]);
      else lines.push(line);
    }
    return rows.map((row) => toOrderRecord(row, linesOf.get(row.order_id) ?? []));
  }
}

/** The key of an external order: its source system and id. */
export function intakeKey(reference: Pick<OrderIntake, 'sourceSystem' | 'externalOrderId'>): string {
  return `${reference.sourceSystem}\u0000${reference.externalOrderId}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The columns of everything about an order that changes after placement, with their SQL types. */
const CHANGING_COLUMNS: ReadonlyArray<readonly [name: string, type: string]> = [
  ['state', 'text'],
  ['stock_status', 'text'],
  ['customer_id', 'uuid'],
  ['erp_customer_id', 'text'],
  ['expected_erp_customer_id', 'text'],
  ['customer_wait_deadline', 'timestamptz'],
  ['hold_reason', 'text'],
  ['hold_issues', 'jsonb'],
  ['hold_owner_team', 'text'],
  ['hold_review_deadline', 'timestamptz'],
  ['held_at', 'timestamptz'],
  ['rejection_issues', 'jsonb'],
  ['reservation_id', 'uuid'],
  ['total_amount', 'numeric'],
  ['accepted_at', 'timestamptz'],
  ['erp_order_number', 'text'],
  ['cancelled_at', 'timestamptz'],
  ['cancel_reason', 'text'],
  ['charter_version', 'text'],
];

/** The values of CHANGING_COLUMNS, in their order. */
function changingValues(order: OrderRecord): unknown[] {
  const { hold } = order;
  return [
    order.state,
    order.stockStatus,
    order.customerId,
    order.erpCustomerId,
    order.expectedErpCustomerId,
    order.customerWaitDeadline,
    hold?.reason ?? null,
    hold === null ? null : JSON.stringify(hold.issues),
    hold?.ownerTeam ?? null,
    hold?.reviewDeadline ?? null,
    hold?.heldAt ?? null,
    order.rejectionIssues === null ? null : JSON.stringify(order.rejectionIssues),
    order.reservationId,
    order.totalAmount?.toFixed() ?? null,
    order.acceptedAt,
    order.erpOrderNumber,
    order.cancelledAt,
    order.cancelReason,
    order.charterVersion,
  ];
}

/** What is decided per line after placement: the governed price, then the reservation and amount. */
const LINE_DECISION_COLUMNS: ReadonlyArray<readonly [name: string, type: string]> = [
  ['unit_price', 'numeric'],
  ['applied_price_type', 'text'],
  ['price_change_id', 'uuid'],
  ['price_mismatch', 'boolean'],
  ['backordered_quantity', 'int'],
  ['allocations', 'jsonb'],
  ['line_amount', 'numeric'],
];
const NO_LINE_DECISION: readonly unknown[] = LINE_DECISION_COLUMNS.map(() => null);

/** The values of LINE_DECISION_COLUMNS per priced line number (none while the order is unpriced). */
function lineDecisions(order: OrderRecord): Map<number, unknown[]> {
  const fulfilled = new Map((order.fulfilledLines ?? []).map((line) => [line.lineNumber, line]));
  return new Map(
    (order.pricedLines ?? []).map((line) => {
      const done = fulfilled.get(line.lineNumber);
      return [
        line.lineNumber,
        [
          line.unitPrice.toFixed(),
          line.appliedPriceType,
          line.priceChangeId,
          line.priceMismatch,
          done?.backorderedQuantity ?? null,
          done === undefined ? null : JSON.stringify(done.allocations),
          done?.lineAmount.toFixed() ?? null,
        ],
      ];
    }),
  );
}

function toOrderRecord(row: OrderRow, lineRows: readonly LineRow[]): OrderRecord {
  const lines: PlacedLine[] = lineRows.map((line) => ({ lineNumber: line.line_number, sku: line.sku, quantity: line.quantity, shownUnitPrice: new Decimal(line.shown_unit_price) }));
  const priced = lineRows.every((line) => line.unit_price !== null) && lineRows.length > 0;
  const pricedLines: PricedLine[] | null = priced
    ? lineRows.map((line, index) => ({
        ...lines[index],
        unitPrice: new Decimal(line.unit_price!),
        appliedPriceType: line.applied_price_type!,
        priceChangeId: line.price_change_id!,
        priceMismatch: line.price_mismatch === true,
      }))
    : null;
  const fulfilled = pricedLines !== null && lineRows.every((line) => line.line_amount !== null);
  const fulfilledLines: FulfilledLine[] | null = fulfilled
    ? lineRows.map((line, index) => ({
        ...pricedLines[index],
        backorderedQuantity: line.backordered_quantity ?? 0,
        allocations: line.allocations ?? [],
        lineAmount: new Decimal(line.line_amount!),
      }))
    : null;
  return {
    orderId: row.order_id,
    sourceSystem: row.source_system,
    externalOrderId: row.external_order_id,
    channel: row.channel,
    externalCustomerId: row.external_customer_id,
    newCustomer: row.new_customer,
    lines,
    currency: row.currency,
    requestedDeliveryDate: row.requested_delivery_date,
    shipTo: row.ship_to,
    purchaseOrderNumber: row.purchase_order_number,
    placedAt: row.placed_at,
    state: row.state,
    stockStatus: row.stock_status,
    receivedAt: row.received_at,
    customerId: row.customer_id,
    erpCustomerId: row.erp_customer_id,
    expectedErpCustomerId: row.expected_erp_customer_id,
    customerWaitDeadline: row.customer_wait_deadline,
    hold:
      row.hold_reason === null
        ? null
        : { reason: row.hold_reason, issues: row.hold_issues ?? [], ownerTeam: row.hold_owner_team, reviewDeadline: row.hold_review_deadline, heldAt: row.held_at! },
    rejectionIssues: row.rejection_issues,
    pricedLines,
    fulfilledLines,
    reservationId: row.reservation_id,
    totalAmount: row.total_amount === null ? null : new Decimal(row.total_amount),
    acceptedAt: row.accepted_at,
    erpOrderNumber: row.erp_order_number,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
    charterVersion: row.charter_version,
  };
}
