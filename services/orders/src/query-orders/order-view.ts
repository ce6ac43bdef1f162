import type { HoldReason, PostalAddress, PriceType, SourceSystem, StockAllocation, ValidationIssue } from '@concord/contracts';
import type { OrderHistoryEntry } from '../database/order-history.repository';
import type { OrderRecord, OrderState, StockStatus } from '../domain/order';

/** One line as the HTTP API shows it; money as exact decimal strings with four places. */
export interface OrderLineView {
  readonly lineNumber: number;
  readonly sku: string;
  readonly quantity: number;
  readonly shownUnitPrice: string;
  /** The governed price, once the order was priced. */
  readonly unitPrice: string | null;
  readonly appliedPriceType: PriceType | null;
  readonly priceMismatch: boolean | null;
  /** Once accepted: what inventory could not reserve, where the rest ships from, the amount. */
  readonly backorderedQuantity: number | null;
  readonly allocations: readonly StockAllocation[];
  readonly lineAmount: string | null;
}

export interface OrderHistoryView {
  readonly from: OrderState | null;
  readonly to: OrderState;
  readonly reason: string;
  readonly trigger: string;
  readonly detail: Readonly<Record<string, unknown>> | null;
  readonly actor: string;
  readonly eventId: string | null;
  readonly charterVersion: string;
  readonly at: string;
}

export interface OrderHoldView {
  readonly reason: HoldReason;
  readonly issues: readonly ValidationIssue[];
  readonly ownerTeam: string | null;
  readonly reviewDeadline: string | null;
  readonly heldAt: string;
}

/** An order as the HTTP API shows it: what was placed, where it is, why, and how it got there. */
export interface OrderView {
  readonly orderId: string;
  readonly sourceSystem: SourceSystem;
  readonly externalOrderId: string;
  readonly channel: string;
  readonly state: OrderState;
  readonly stockStatus: StockStatus;
  readonly customer: {
    readonly externalCustomerId: string;
    readonly newCustomer: boolean;
    readonly customerId: string | null;
    readonly erpCustomerId: string | null;
    readonly expectedErpCustomerId: string | null;
    readonly waitDeadline: string | null;
  };
  readonly currency: string;
  readonly requestedDeliveryDate: string | null;
  readonly shipTo: PostalAddress;
  readonly purchaseOrderNumber: string | null;
  readonly placedAt: string;
  readonly receivedAt: string;
  readonly hold: OrderHoldView | null;
  readonly rejectionIssues: readonly ValidationIssue[] | null;
  readonly reservationId: string | null;
  readonly totalAmount: string | null;
  readonly acceptedAt: string | null;
  readonly erpOrderNumber: string | null;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly charterVersion: string;
  readonly lines: readonly OrderLineView[];
  /** Oldest first; absent in lists. */
  readonly history?: readonly OrderHistoryView[];
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function toOrderView(order: OrderRecord, history?: readonly OrderHistoryEntry[]): OrderView {
  const priced = new Map((order.pricedLines ?? []).map((line) => [line.lineNumber, line]));
  const fulfilled = new Map((order.fulfilledLines ?? []).map((line) => [line.lineNumber, line]));
  return {
    orderId: order.orderId,
    sourceSystem: order.sourceSystem,
    externalOrderId: order.externalOrderId,
    channel: order.channel,
    state: order.state,
    stockStatus: order.stockStatus,
    customer: {
      externalCustomerId: order.externalCustomerId,
      newCustomer: order.newCustomer !== null,
      customerId: order.customerId,
      erpCustomerId: order.erpCustomerId,
      expectedErpCustomerId: order.expectedErpCustomerId,
      waitDeadline: iso(order.customerWaitDeadline),
    },
    currency: order.currency,
    requestedDeliveryDate: order.requestedDeliveryDate,
    shipTo: order.shipTo,
    purchaseOrderNumber: order.purchaseOrderNumber,
    placedAt: order.placedAt.toISOString(),
    receivedAt: order.receivedAt.toISOString(),
    hold: order.hold === null ? null : { ...order.hold, reviewDeadline: iso(order.hold.reviewDeadline), heldAt: order.hold.heldAt.toISOString() },
    rejectionIssues: order.rejectionIssues,
    reservationId: order.reservationId,
    totalAmount: order.totalAmount?.toFixed(4) ?? null,
    acceptedAt: iso(order.acceptedAt),
    erpOrderNumber: order.erpOrderNumber,
    cancelledAt: iso(order.cancelledAt),
    cancelReason: order.cancelReason,
    charterVersion: order.charterVersion,
    lines: order.lines.map((line) => {
      const price = priced.get(line.lineNumber);
      const fulfilment = fulfilled.get(line.lineNumber);
      return {
        lineNumber: line.lineNumber,
        sku: line.sku,
        quantity: line.quantity,
        shownUnitPrice: line.shownUnitPrice.toFixed(4),
        unitPrice: price?.unitPrice.toFixed(4) ?? null,
        appliedPriceType: price?.appliedPriceType ?? null,
        priceMismatch: price?.priceMismatch ?? null,
        backorderedQuantity: fulfilment?.backorderedQuantity ?? null,
        allocations: fulfilment?.allocations ?? [],
        lineAmount: fulfilment?.lineAmount.toFixed(4) ?? null,
      };
    }),
    ...(history === undefined
      ? {}
      : {
          history: history.map((entry) => ({
            from: entry.from,
            to: entry.to,
            reason: entry.reason,
            trigger: entry.trigger,
            detail: entry.detail ?? null,
            actor: entry.actor,
            eventId: entry.eventId,
            charterVersion: entry.charterVersion,
            at: entry.at.toISOString(),
          })),
        }),
  };
}
