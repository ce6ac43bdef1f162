import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
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
    await manager.query(`INSERT INTO ${this.intake} (source_system, external_order_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [sourceSystem, externalOrderId]);
    const [row]: Array<{ order_id: string | null; early_cancellation: EarlyCancellation | null }> = await manager.query(
      `SELECT order_id, early_cancellation FROM ${this.intake} WHERE source_system = $1 AND external_order_id = $2 FOR UPDATE`,
      [sourceSystem, externalOrderId],
    );
    return { sourceSystem, externalOrderId, orderId: row.order_id, earlyCancellation: row.early_cancellation };
  }

  async attachOrder(manager: EntityManager, intake: OrderIntake, orderId: string): Promise<void> {
    await manager.query(`UPDATE ${this.intake} SET order_id = $3 WHERE source_system = $1 AND external_order_id = $2`, [intake.sourceSystem, intake.externalOrderId, orderId]);
  }

  async countDuplicate(manager: EntityManager, intake: OrderIntake): Promise<void> {
    await manager.query(`UPDATE ${this.intake} SET duplicates = duplicates + 1 WHERE source_system = $1 AND external_order_id = $2`, [intake.sourceSystem, intake.externalOrderId]);
  }

  async rememberEarlyCancellation(manager: EntityManager, intake: OrderIntake, cancellation: EarlyCancellation): Promise<void> {
    await manager.query(`UPDATE ${this.intake} SET early_cancellation = $3 WHERE source_system = $1 AND external_order_id = $2`, [
      intake.sourceSystem,
      intake.externalOrderId,
      JSON.stringify(cancellation),
    ]);
  }

  /** Stores a new order and its lines (with whatever prices and reservation the record has). */
  async insert(manager: EntityManager, order: OrderRecord): Promise<void> {
    const columns: Array<[string, unknown]> = [
      ['order_id', order.orderId],
      ['source_system', order.sourceSystem],
      ['external_order_id', order.externalOrderId],
      ['channel', order.channel],
      ['external_customer_id', order.externalCustomerId],
      ['new_customer', order.newCustomer === null ? null : JSON.stringify(order.newCustomer)],
      ['currency', order.currency],
      ['requested_delivery_date', order.requestedDeliveryDate],
      ['ship_to', JSON.stringify(order.shipTo)],
      ['purchase_order_number', order.purchaseOrderNumber],
      ['placed_at', order.placedAt],
      ['received_at', order.receivedAt],
      ...changingColumns(order),
    ];
    await manager.query(
      `INSERT INTO ${this.orders} (${columns.map(([name]) => name).join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
      columns.map(([, value]) => value),
    );
    await manager.query(
      `INSERT INTO ${this.lines} (order_id, line_number, sku, quantity, shown_unit_price)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::numeric[])`,
      [
        order.orderId,
        order.lines.map((line) => line.lineNumber),
        order.lines.map((line) => line.sku),
        order.lines.map((line) => line.quantity),
        order.lines.map((line) => line.shownUnitPrice.toFixed()),
      ],
    );
    if (order.pricedLines !== null) await this.saveLines(manager, order);
  }

  /** Stores everything about the order that changes after placement, lines included. */
  async save(manager: EntityManager, order: OrderRecord): Promise<void> {
    const columns = changingColumns(order);
    await manager.query(`UPDATE ${this.orders} SET ${columns.map(([name], index) => `${name} = $${index + 2}`).join(', ')}, updated_at = now() WHERE order_id = $1`, [
      order.orderId,
      ...columns.map(([, value]) => value),
    ]);
    await this.saveLines(manager, order);
  }

  /** The lines' prices, reservation and amounts as the record has them (none: cleared). */
  private async saveLines(manager: EntityManager, order: OrderRecord): Promise<void> {
    const priced = order.pricedLines ?? [];
    if (priced.length === 0) {
      // Prices of an earlier validation no longer stand once the order is held or rejected.
      await manager.query(
        `UPDATE ${this.lines} SET unit_price = NULL, applied_price_type = NULL, price_change_id = NULL, price_mismatch = NULL,
           backordered_quantity = NULL, allocations = NULL, line_amount = NULL
         WHERE order_id = $1 AND unit_price IS NOT NULL`,
        [order.orderId],
      );
      return;
    }
    const fulfilled = new Map((order.fulfilledLines ?? []).map((line) => [line.lineNumber, line]));
    await manager.query(
      `UPDATE ${this.lines} AS line
       SET unit_price = priced.unit_price, applied_price_type = priced.price_type, price_change_id = priced.price_change_id,
           price_mismatch = priced.mismatch, backordered_quantity = priced.backordered, allocations = priced.allocations, line_amount = priced.amount
       FROM unnest($2::int[], $3::numeric[], $4::text[], $5::uuid[], $6::boolean[], $7::int[], $8::jsonb[], $9::numeric[])
         AS priced (line_number, unit_price, price_type, price_change_id, mismatch, backordered, allocations, amount)
       WHERE line.order_id = $1 AND line.line_number = priced.line_number`,
      [
        order.orderId,
        priced.map((line) => line.lineNumber),
        priced.map((line) => line.unitPrice.toFixed()),
        priced.map((line) => line.appliedPriceType),
        priced.map((line) => line.priceChangeId),
        priced.map((line) => line.priceMismatch),
        priced.map((line) => fulfilled.get(line.lineNumber)?.backorderedQuantity ?? null),
        priced.map((line) => {
          const allocations = fulfilled.get(line.lineNumber)?.allocations;
          return allocations === undefined ? null : JSON.stringify(allocations);
        }),
        priced.map((line) => fulfilled.get(line.lineNumber)?.lineAmount.toFixed() ?? null),
      ],
    );
  }

  /** The order, its row locked FOR UPDATE; undefined when there is none. */
  async lock(manager: EntityManager, orderId: string): Promise<OrderRecord | undefined> {
    const [order] = await this.withLines(manager, await manager.query(`SELECT ${ORDER_COLUMNS} FROM ${this.orders} WHERE order_id = $1 FOR UPDATE`, [orderId]));
    return order;
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
    for (const line of lineRows) linesOf.set(line.order_id, [...(linesOf.get(line.order_id) ?? []), line]);
    return rows.map((row) => toOrderRecord(row, linesOf.get(row.order_id) ?? []));
  }
}

/** The columns of everything about an order that changes after placement. */
function changingColumns(order: OrderRecord): Array<[string, unknown]> {
  const { hold } = order;
  return [
    ['state', order.state],
    ['stock_status', order.stockStatus],
    ['customer_id', order.customerId],
    ['erp_customer_id', order.erpCustomerId],
    ['expected_erp_customer_id', order.expectedErpCustomerId],
    ['customer_wait_deadline', order.customerWaitDeadline],
    ['hold_reason', hold?.reason ?? null],
    ['hold_issues', hold === null ? null : JSON.stringify(hold.issues)],
    ['hold_owner_team', hold?.ownerTeam ?? null],
    ['hold_review_deadline', hold?.reviewDeadline ?? null],
    ['held_at', hold?.heldAt ?? null],
    ['rejection_issues', order.rejectionIssues === null ? null : JSON.stringify(order.rejectionIssues)],
    ['reservation_id', order.reservationId],
    ['total_amount', order.totalAmount?.toFixed() ?? null],
    ['accepted_at', order.acceptedAt],
    ['erp_order_number', order.erpOrderNumber],
    ['cancelled_at', order.cancelledAt],
    ['cancel_reason', order.cancelReason],
    ['charter_version', order.charterVersion],
  ];
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
