import { ORDER_KINDS, type OrderKind } from './order-generator';

/** Orders sent (acknowledged by the broker), by kind, and in total. */
export type OrderKindCounts = Record<OrderKind, number> & { total: number };

export function noOrders(): OrderKindCounts {
  return Object.fromEntries([...ORDER_KINDS.map((kind) => [kind, 0]), ['total', 0]]) as OrderKindCounts;
}

export function countOrder(counts: OrderKindCounts, kind: OrderKind): void {
  counts[kind]++;
  counts.total++;
}
