import { aStockReleaseRequested, anOrderShipped } from '@concord/contracts';
import { aStockLevel, availabilityOf, NOW } from './__fixtures__/inventory-fixtures';
import { InventoryInvariantError } from './inventory.errors';
import { buildStockReleased, releaseReservation, type ReleaseDecision } from './release-reservation';
import { isOpen, type Reservation } from './reservation';
import { consumeShippedReservation } from './shipments-and-returns';

const ORDER_ID = '0d5b7c1e-8f2a-4b6d-9e3c-7a1f2e4d6b8c';
const RESERVATION_ID = 'c4a8e2f6-1b3d-4e5f-a7b9-d1e3f5a7b9c1';

const reservation: Reservation = {
  reservationId: RESERVATION_ID,
  orderId: ORDER_ID,
  lines: [
    { lineNumber: 1, sku: 'SKU-1', allocations: [{ locationId: 'DC-EAST', quantity: 3 }, { locationId: 'DC-WEST', quantity: 2 }] },
    { lineNumber: 2, sku: 'SKU-2', allocations: [{ locationId: 'DC-EAST', quantity: 4 }] },
    { lineNumber: 3, sku: 'SKU-1', allocations: [{ locationId: 'DC-EAST', quantity: 1 }] },
  ],
};
const levels = [
  aStockLevel({ sku: 'SKU-1', locationId: 'DC-EAST', onHand: 10, reserved: 6 }),
  aStockLevel({ sku: 'SKU-1', locationId: 'DC-WEST', onHand: 2, reserved: 2 }),
  aStockLevel({ sku: 'SKU-2', locationId: 'DC-EAST', onHand: 4, reserved: 4 }),
];
const cancel = aStockReleaseRequested({ orderId: ORDER_ID, reason: 'ORDER_CANCELLED', requestedAt: NOW });

function released(decision: ReleaseDecision) {
  if (decision.kind !== 'released') throw new Error(`expected released, got ${decision.kind}`);
  return decision;
}

describe('when an order is cancelled', () => {
  it('frees everything its reservation holds, per SKU and location', () => {
    const decision = released(releaseReservation(cancel, reservation, levels));
    expect(decision.released).toEqual([
      { sku: 'SKU-1', locationId: 'DC-EAST', quantity: 4 },
      { sku: 'SKU-1', locationId: 'DC-WEST', quantity: 2 },
      { sku: 'SKU-2', locationId: 'DC-EAST', quantity: 4 },
    ]);
    expect(decision.levels.map((level) => [level.sku, level.locationId, level.onHand, level.reserved])).toEqual([
      ['SKU-1', 'DC-EAST', 10, 2],
      ['SKU-1', 'DC-WEST', 2, 0],
      ['SKU-2', 'DC-EAST', 4, 0],
    ]);
  });

  it('makes the stock available again', () => {
    const after = released(releaseReservation(cancel, reservation, levels)).levels;
    expect(availabilityOf(after).get('SKU-1')?.totalAvailable).toBe(10);
    expect(availabilityOf(after).get('SKU-2')?.totalAvailable).toBe(4);
  });

  it('leaves a reservation that holds nothing', () => {
    const after = released(releaseReservation(cancel, reservation, levels)).reservation;
    expect(after.lines.every((line) => line.allocations.length === 0)).toBe(true);
    expect([isOpen(reservation), isOpen(after)]).toEqual([true, false]);
  });

  it('builds StockReleased with the reason of the request', () => {
    const decision = released(releaseReservation(cancel, reservation, levels));
    expect(buildStockReleased(cancel, decision, NOW)).toEqual({
      orderId: ORDER_ID,
      reservationId: RESERVATION_ID,
      reason: 'ORDER_CANCELLED',
      lines: decision.released,
      releasedAt: NOW,
    });
    const reject = { ...cancel, reason: 'ORDER_REJECTED' as const };
    expect(buildStockReleased(reject, released(releaseReservation(reject, reservation, levels)), NOW).reason).toBe('ORDER_REJECTED');
  });
});

describe('when every unit of the order was back-ordered', () => {
  const backordered: Reservation = { reservationId: RESERVATION_ID, orderId: ORDER_ID, lines: [{ lineNumber: 1, sku: 'SKU-1', allocations: [] }] };

  it('ends the reservation that is still open, moving no stock and releasing no lines', () => {
    const decision = released(releaseReservation(cancel, backordered, levels, { stillOpen: true }));
    expect(decision.released).toEqual([]);
    expect(decision.levels).toEqual(levels);
    expect(buildStockReleased(cancel, decision, NOW).lines).toEqual([]);
  });

  it('changes nothing once the reservation is closed', () => {
    expect(releaseReservation(cancel, backordered, levels, { stillOpen: false })).toEqual({ kind: 'nothing-held', reservation: backordered });
  });
});

describe('when the release request arrives again', () => {
  it('releases nothing the second time', () => {
    const first = released(releaseReservation(cancel, reservation, levels));
    expect(releaseReservation(cancel, first.reservation, first.levels)).toEqual({ kind: 'nothing-held', reservation: first.reservation });
  });
});

describe('when the order was partly shipped before it was cancelled', () => {
  it('frees only what is still held', () => {
    const shipped = consumeShippedReservation(
      anOrderShipped({ orderId: ORDER_ID, locationId: 'DC-EAST', lines: [{ lineNumber: 2, sku: 'SKU-2', quantity: 4 }] }),
      reservation,
      levels,
    );
    if (shipped.kind !== 'consumed') throw new Error(shipped.kind);
    expect(released(releaseReservation(cancel, shipped.reservation, shipped.levels)).released).toEqual([
      { sku: 'SKU-1', locationId: 'DC-EAST', quantity: 4 },
      { sku: 'SKU-1', locationId: 'DC-WEST', quantity: 2 },
    ]);
  });
});

describe('when the order has no reservation', () => {
  it('says so and changes nothing', () => {
    expect(releaseReservation(cancel, undefined, levels)).toEqual({ kind: 'no-reservation' });
  });
});

describe('caller bugs', () => {
  it('refuses another order’s reservation', () => {
    expect(() => releaseReservation({ ...cancel, orderId: 'another-order' }, reservation, levels)).toThrow(InventoryInvariantError);
  });

  it('refuses to release more than the stock rows have reserved', () => {
    expect(() => releaseReservation(cancel, reservation, levels.map((level) => ({ ...level, reserved: 0 })))).toThrow(InventoryInvariantError);
  });
});
