import type { HoldReason, ReservationRejectionReason, StockReservationRejected } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { OrderHold } from './order';
import { orderIssue, type OrderIssue, type OrdersErrorCode } from './orders.errors';

/**
 * A hold for review: owned by the charter's team for orders (owner_teams.by_domain.order), due by
 * the strictest of its issues' quarantine deadlines (targets.quarantine_resolution by error code).
 */
export function holdForReview(reason: HoldReason, issues: readonly OrderIssue[], charter: Charter, heldAt: Date): OrderHold {
  if (issues.length === 0) throw new Error('a hold needs at least one issue');
  const deadlines = issues.map((issue) => charter.resolutionDeadline(issue.code, heldAt).getTime());
  return { reason, issues, ownerTeam: charter.ownerTeamOf('order'), reviewDeadline: new Date(Math.min(...deadlines)), heldAt };
}

/** The order waits for the ERP to create its customer: an automatic step, so no team and no deadline. */
export function awaitingCustomerCreation(externalCustomerId: string, waitDeadline: Date, heldAt: Date): OrderHold {
  return {
    reason: 'AWAITING_CUSTOMER_CREATION',
    issues: [
      orderIssue(
        'ORDERS.AWAITING_CUSTOMER_CREATION',
        `customer ${externalCustomerId} is new to the ERP; the order continues when the ERP id arrives (by ${waitDeadline.toISOString()})`,
        { field: 'customer.newCustomer' },
      ),
    ],
    ownerTeam: null,
    reviewDeadline: null,
    heldAt,
  };
}

/** The ERP's id did not arrive within ORDERS_CUSTOMER_WAIT: a person takes over. */
export function customerCreationTimedOut(externalCustomerId: string, waitedSince: Date, charter: Charter, heldAt: Date): OrderHold {
  return holdForReview(
    'AWAITING_CUSTOMER_CREATION',
    [
      orderIssue(
        'ORDERS.CUSTOMER_CREATION_TIMED_OUT',
        `the ERP did not create customer ${externalCustomerId} (requested ${waitedSince.toISOString()}) in time; check the customer sync`,
        { field: 'customer.externalCustomerId' },
      ),
    ],
    charter,
    heldAt,
  );
}

const SHORTFALL_CODE: Readonly<Record<ReservationRejectionReason, OrdersErrorCode>> = {
  INSUFFICIENT_STOCK: 'ORDERS.INSUFFICIENT_STOCK',
  UNKNOWN_SKU: 'ORDERS.SKU_UNKNOWN_TO_INVENTORY',
  AVAILABILITY_UNCONFIRMED: 'ORDERS.STOCK_UNCONFIRMED',
  NO_ELIGIBLE_LOCATION: 'ORDERS.NO_ELIGIBLE_LOCATION',
  UNKNOWN: 'ORDERS.INSUFFICIENT_STOCK',
};

/** Inventory could not reserve the order (policy HOLD, or a shortage back-orders cannot cover). */
export function stockShortfallHold(rejection: StockReservationRejected, lineIndexOf: (lineNumber: number) => number, charter: Charter, heldAt: Date): OrderHold {
  const code = SHORTFALL_CODE[rejection.reason];
  const issues =
    rejection.shortfalls.length > 0
      ? rejection.shortfalls.map((shortfall) =>
          orderIssue(code, `line ${shortfall.lineNumber}: ${shortfall.requestedQuantity} of ${shortfall.sku} requested, ${shortfall.availableQuantity} available (${rejection.reason})`, {
            field: `lines[${lineIndexOf(shortfall.lineNumber)}].quantity`,
            lineNumber: shortfall.lineNumber,
          }),
        )
      : [orderIssue(code, `inventory could not reserve the order (${rejection.reason})`)];
  return holdForReview('INSUFFICIENT_STOCK', issues, charter, heldAt);
}
