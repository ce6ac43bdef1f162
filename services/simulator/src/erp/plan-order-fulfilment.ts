import { createHash } from 'node:crypto';
import type { OrderAccepted, OrderPostedToErp, OrderShipped, ShippedLine } from '@concord/contracts';
import { stableShare } from '../random-source';

/** How the simulated ERP and WMS treat accepted orders. */
export interface OrderFulfilmentBehaviour {
  seed: number;
  /** The ERP posts an order this long after it was accepted (milliseconds, inclusive range). */
  postingDelayMs: { min: number; max: number };
  /** Share of accepted orders the ERP never answers (its connector lost them). */
  unansweredShare: number;
  /** Share of posted orders the WMS ships. */
  shipShare: number;
  /** The WMS ships this long after the ERP posted (milliseconds, inclusive range). */
  shipDelayMs: { min: number; max: number };
}

export interface ScheduledEvent<T> {
  dueAt: Date;
  event: T;
}

export type OrderFulfilmentPlan =
  | { posting: ScheduledEvent<OrderPostedToErp> | null; shipments: ScheduledEvent<OrderShipped>[] }
  | { ignored: string };

const CARRIERS = ['UPS', 'FedEx', 'DHL', 'DB Schenker'];

/**
 * What happens to an accepted order in the simulated ERP and WMS: the ERP posts it after a delay
 * and answers OrderPostedToErp with its order number — or, for a share of orders, never answers;
 * later the WMS ships a share of the posted orders from the locations OrderAccepted allocated, one
 * OrderShipped per location (back-ordered units are not shipped).
 *
 * Every decision and delay is derived from the order id and the seed, not drawn at random: an
 * order processed again (redelivered, or by a restarted simulator) gets the same answer, the same
 * ERP order number and the same shipments. An order with a SKU outside the simulated range is not
 * the simulated ERP's (a real ERP would refuse its items), so a simulator with its own SKUs never
 * answers for another's orders.
 */
export function planOrderFulfilment(order: OrderAccepted, knowsSku: (sku: string) => boolean, behaviour: OrderFulfilmentBehaviour, now: Date): OrderFulfilmentPlan {
  const unknown = order.lines.find((line) => !knowsSku(line.sku));
  if (unknown) return { ignored: `SKU ${unknown.sku} is not in the simulated ERP's range` };
  const share = (decision: string) => stableShare(behaviour.seed, `${order.orderId}|${decision}`);
  if (share('unanswered') < behaviour.unansweredShare) return { posting: null, shipments: [] };

  const postedAt = new Date(now.getTime() + delay(behaviour.postingDelayMs, share('posting-delay')));
  const posting = {
    dueAt: postedAt,
    event: { sourceSystem: 'ERP' as const, orderId: order.orderId, erpOrderNumber: erpOrderNumberOf(order.orderId), postedAt },
  };
  if (share('shipped') >= behaviour.shipShare) return { posting, shipments: [] };

  const shippedAt = new Date(postedAt.getTime() + delay(behaviour.shipDelayMs, share('ship-delay')));
  const shipments = [...linesByLocation(order)].map(([locationId, lines]) => ({
    dueAt: shippedAt,
    event: {
      sourceSystem: 'WMS' as const,
      orderId: order.orderId,
      shipmentId: `SHP-${digitsOf(`${order.orderId}|${locationId}`, 12)}`,
      locationId,
      lines,
      carrier: CARRIERS[Math.floor(share(`carrier|${locationId}`) * CARRIERS.length)],
      trackingNumber: `1Z${digitsOf(`${order.orderId}|${locationId}|tracking`, 16)}`,
      shippedAt,
    },
  }));
  return { posting, shipments };
}

/**
 * The ERP's order number for a Concord order: `SO-` and 15 digits derived from the order id, so
 * every simulator (and every redelivery) gives an order the same number.
 */
export function erpOrderNumberOf(orderId: string): string {
  return `SO-${digitsOf(orderId, 15)}`;
}

function linesByLocation(order: OrderAccepted): Map<string, ShippedLine[]> {
  const byLocation = new Map<string, ShippedLine[]>();
  for (const line of order.lines) {
    for (const allocation of line.allocations) {
      if (allocation.quantity <= 0) continue;
      const lines = byLocation.get(allocation.locationId) ?? [];
      lines.push({ lineNumber: line.lineNumber, sku: line.sku, quantity: allocation.quantity });
      byLocation.set(allocation.locationId, lines);
    }
  }
  return byLocation;
}

function delay(range: { min: number; max: number }, share: number): number {
  return range.min + Math.floor(share * (range.max - range.min + 1));
}

/** `count` decimal digits (at most 15) derived from `text`. */
function digitsOf(text: string, count: number): string {
  const value = createHash('sha256').update(text).digest().readUIntBE(0, 6); // 48 bits
  return String(value % 10 ** count).padStart(count, '0');
}
