import { anOrderReturned, anOrderShipped, type InventoryUpdated, type OrderShipped } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { aSnapshot, anAdjustment, aStockLevel, availabilityOf, charter, erpLedCharter, minutesAgo, NOW, request } from './__fixtures__/inventory-fixtures';
import { allocateReservation } from './allocate-reservation';
import { decideInventoryUpdate } from './apply-inventory-update';
import { InventoryInvariantError } from './inventory.errors';
import { heldQuantities, reservationFromDecision, type Reservation } from './reservation';
import { consumeShippedReservation, decideOrderReturned, validateOrderReturned, validateOrderShipped, type ShipmentDecision } from './shipments-and-returns';
import { reserveStock, type StockLevel } from './stock-level';

const ORDER_ID = '9b2d4f6a-8c0e-4a1b-b3d5-f7a9c1e3b5d7';

/** One SKU at DC-EAST, driven through the domain functions the way the service drives them. */
class Warehouse {
  level: StockLevel;
  reservation: Reservation | undefined;
  readonly availableHistory: number[] = [];

  constructor(
    private readonly rules: Charter,
    onHand: number,
  ) {
    const source = rules.sellableStockSource;
    const counted = decideInventoryUpdate(aSnapshot(onHand, 10, { sourceSystem: source, occurredAt: minutesAgo(2) }), undefined, rules);
    if (counted.kind !== 'apply') throw new Error(counted.kind);
    this.level = counted.level;
  }

  reserve(quantity: number): this {
    const req = request([['SKU-1', quantity]], { orderId: ORDER_ID });
    const decision = allocateReservation(req, availabilityOf([this.level], { charter: this.rules }), this.rules);
    if (decision.kind !== 'reserved') throw new Error(decision.kind);
    this.reservation = reservationFromDecision(req, decision, 'e1f3a5c7-9b1d-4f3a-8c5e-7a9b1c3d5e7f');
    [this.level] = reserveStock([this.level], heldQuantities(this.reservation));
    return this.record();
  }

  update(update: InventoryUpdated): this {
    const decision = decideInventoryUpdate(update, this.level, this.rules);
    if (decision.kind === 'apply') this.level = decision.level;
    return this.record();
  }

  ship(quantity: number, overrides: Partial<OrderShipped> = {}): ShipmentDecision {
    const decision = consumeShippedReservation(
      anOrderShipped({ orderId: ORDER_ID, locationId: 'DC-EAST', lines: [{ lineNumber: 1, sku: 'SKU-1', quantity }], shippedAt: NOW, ...overrides }),
      this.reservation,
      [this.level],
    );
    if (decision.kind === 'consumed') {
      [this.level] = decision.levels;
      this.reservation = decision.reservation;
    }
    this.record();
    return decision;
  }

  get available(): number {
    return availabilityOf([this.level], { charter: this.rules }).get('SKU-1')?.totalAvailable ?? Number.NaN;
  }

  private record(): this {
    this.availableHistory.push(this.available);
    return this;
  }
}

describe('which event moves on-hand when goods are shipped', () => {
  describe('when the WMS reports the pick before the shipment (the usual order)', () => {
    const run = () => {
      const warehouse = new Warehouse(charter, 10).reserve(4);
      warehouse.update(anAdjustment('PICK', -4, 11));
      warehouse.ship(4);
      return warehouse;
    };

    it('takes the goods off on-hand once, with the PICK', () => {
      expect(run().level).toMatchObject({ onHand: 6, reserved: 0 });
    });

    it('understates availability between pick and shipment, never overstates it', () => {
      expect(run().availableHistory).toEqual([6, 2, 6]);
    });
  });

  describe('when the shipment overtakes the pick', () => {
    it('consumes the reservation first and lowers on-hand when the PICK arrives, still once', () => {
      const warehouse = new Warehouse(charter, 10).reserve(4);
      warehouse.ship(4);
      warehouse.update(anAdjustment('PICK', -4, 11));
      expect(warehouse.level).toMatchObject({ onHand: 6, reserved: 0 });
      // The documented window: between the two events the shipped units look available.
      expect(warehouse.availableHistory).toEqual([6, 10, 6]);
    });
  });

  describe('when a snapshot counted after the goods left arrives instead of a PICK', () => {
    it('does not take the shipped goods off a second time', () => {
      const warehouse = new Warehouse(charter, 10).reserve(4);
      warehouse.ship(4);
      warehouse.update(aSnapshot(6, 12));
      expect(warehouse.level).toMatchObject({ onHand: 6, reserved: 0 });
      expect(warehouse.available).toBe(6);
    });
  });

  describe('when a snapshot counted before the pick arrives after it', () => {
    it('is stale and does not put the picked goods back', () => {
      const warehouse = new Warehouse(charter, 10).reserve(4);
      warehouse.update(anAdjustment('PICK', -4, 12));
      warehouse.ship(4);
      warehouse.update(aSnapshot(10, 11));
      expect(warehouse.level.onHand).toBe(6);
      expect(warehouse.available).toBe(6);
    });
  });

  describe('when the ERP is the source of truth', () => {
    it('ignores the WMS pick for sellable stock and moves on-hand with the ERP’s', () => {
      const warehouse = new Warehouse(erpLedCharter, 10).reserve(4);
      warehouse.update(anAdjustment('PICK', -4, 11));
      expect(warehouse.level.onHand).toBe(10);
      warehouse.ship(4);
      warehouse.update(anAdjustment('PICK', -4, 11, { sourceSystem: 'ERP' }));
      expect(warehouse.level).toMatchObject({ onHand: 6, reserved: 0 });
    });
  });
});

describe('consuming the reservation on shipment', () => {
  const split: Reservation = {
    reservationId: 'e1f3a5c7-9b1d-4f3a-8c5e-7a9b1c3d5e7f',
    orderId: ORDER_ID,
    lines: [
      { lineNumber: 1, sku: 'SKU-1', allocations: [{ locationId: 'DC-EAST', quantity: 3 }, { locationId: 'DC-WEST', quantity: 2 }] },
      { lineNumber: 2, sku: 'SKU-1', allocations: [{ locationId: 'DC-WEST', quantity: 4 }] },
      { lineNumber: 3, sku: 'SKU-2', allocations: [{ locationId: 'DC-EAST', quantity: 1 }] },
    ],
  };
  const levels = [
    aStockLevel({ sku: 'SKU-1', locationId: 'DC-EAST', onHand: 10, reserved: 3 }),
    aStockLevel({ sku: 'SKU-1', locationId: 'DC-WEST', onHand: 10, reserved: 6 }),
    aStockLevel({ sku: 'SKU-2', locationId: 'DC-EAST', onHand: 5, reserved: 1 }),
  ];
  const ship = (locationId: string, lines: OrderShipped['lines']) => consumeShippedReservation(anOrderShipped({ orderId: ORDER_ID, locationId, lines }), split, levels);
  const consumed = (decision: ShipmentDecision) => {
    if (decision.kind !== 'consumed') throw new Error(`expected consumed, got ${decision.kind}`);
    return decision;
  };

  it('lowers reserved and never on-hand', () => {
    const decision = consumed(ship('DC-EAST', [{ lineNumber: 3, sku: 'SKU-2', quantity: 1 }]));
    expect(decision.levels.map((level) => [level.onHand, level.reserved])).toEqual([
      [10, 3],
      [10, 6],
      [5, 0],
    ]);
    expect(decision.unreserved).toEqual([]);
  });

  it('takes the shipped line’s hold at the shipping location first', () => {
    const decision = consumed(ship('DC-WEST', [{ lineNumber: 1, sku: 'SKU-1', quantity: 2 }]));
    expect(decision.consumed).toEqual([{ sku: 'SKU-1', locationId: 'DC-WEST', quantity: 2 }]);
    expect(decision.reservation.lines[0].allocations).toEqual([{ locationId: 'DC-EAST', quantity: 3 }]);
    expect(decision.reservation.lines[1].allocations).toEqual([{ locationId: 'DC-WEST', quantity: 4 }]);
  });

  it('frees a hold at another location when the goods left from elsewhere', () => {
    const decision = consumed(ship('DC-CENTRAL', [{ lineNumber: 3, sku: 'SKU-2', quantity: 1 }]));
    expect(decision.consumed).toEqual([{ sku: 'SKU-2', locationId: 'DC-EAST', quantity: 1 }]);
    expect(decision.levels[2].reserved).toBe(0);
  });

  it('matches by SKU when the WMS gives no line number, line after line', () => {
    const decision = consumed(ship('DC-EAST', [{ lineNumber: null, sku: 'SKU-1', quantity: 6 }]));
    expect(decision.consumed).toEqual([
      { sku: 'SKU-1', locationId: 'DC-EAST', quantity: 3 },
      { sku: 'SKU-1', locationId: 'DC-WEST', quantity: 3 },
    ]);
    expect(decision.reservation.lines.map((line) => line.allocations)).toEqual([[], [{ locationId: 'DC-WEST', quantity: 3 }], [{ locationId: 'DC-EAST', quantity: 1 }]]);
  });

  it('consumes partial shipments one after the other', () => {
    const first = consumed(ship('DC-EAST', [{ lineNumber: 1, sku: 'SKU-1', quantity: 2 }]));
    const second = consumed(consumeShippedReservation(anOrderShipped({ orderId: ORDER_ID, locationId: 'DC-EAST', lines: [{ lineNumber: 1, sku: 'SKU-1', quantity: 3 }] }), first.reservation, first.levels));
    expect(second.reservation.lines[0].allocations).toEqual([]);
    expect(second.levels.map((level) => level.reserved)).toEqual([0, 4, 1]);
  });

  describe('when more is shipped than was reserved', () => {
    it('consumes what was reserved and reports the rest as unreserved', () => {
      const decision = consumed(ship('DC-EAST', [{ lineNumber: 3, sku: 'SKU-2', quantity: 3 }]));
      expect(decision.levels[2].reserved).toBe(0);
      expect(decision.unreserved).toEqual([expect.objectContaining({ code: 'INVENTORY.UNRESERVED_SHIPMENT', lineNumber: 3 })]);
      expect(decision.unreserved[0].message).toContain('2 of 3');
    });

    it('reports a SKU the order never reserved', () => {
      expect(consumed(ship('DC-EAST', [{ lineNumber: null, sku: 'SKU-9', quantity: 1 }])).unreserved).toEqual([
        expect.objectContaining({ code: 'INVENTORY.UNRESERVED_SHIPMENT', lineNumber: null }),
      ]);
    });
  });

  describe('when the order has no reservation', () => {
    it('changes nothing and reports every line as unreserved', () => {
      const decision = consumeShippedReservation(anOrderShipped({ orderId: ORDER_ID, lines: [{ lineNumber: 1, sku: 'SKU-1', quantity: 1 }] }), undefined, levels);
      expect(decision).toMatchObject({ kind: 'no-reservation', unreserved: [{ code: 'INVENTORY.UNRESERVED_SHIPMENT' }] });
    });
  });

  it('rejects a shipped quantity that is not a positive whole number', () => {
    expect(ship('DC-EAST', [{ lineNumber: 1, sku: 'SKU-1', quantity: 0 }])).toMatchObject({ kind: 'invalid', errors: [{ code: 'INVENTORY.INVALID_QUANTITY', field: 'lines[0].quantity' }] });
    expect(ship('DC-EAST', [{ lineNumber: 1, sku: '', quantity: 1 }])).toMatchObject({ kind: 'invalid', errors: [{ code: 'INVENTORY.MISSING_SKU' }] });
  });

  it('refuses another order’s reservation (a caller bug)', () => {
    expect(() => consumeShippedReservation(anOrderShipped({ orderId: 'another-order' }), split, levels)).toThrow(InventoryInvariantError);
  });
});

describe('which event moves on-hand when goods come back', () => {
  const returned = anOrderReturned({
    orderId: ORDER_ID,
    locationId: 'DC-EAST',
    lines: [
      { lineNumber: 1, sku: 'SKU-1', quantity: 2, condition: 'RESELLABLE' },
      { lineNumber: 2, sku: 'SKU-1', quantity: 1, condition: 'DAMAGED' },
      { lineNumber: null, sku: 'SKU-1', quantity: 1, condition: 'RESELLABLE' },
    ],
  });

  it('moves nothing on OrderReturned and says what the source of truth should restock', () => {
    expect(decideOrderReturned(returned)).toEqual({
      kind: 'no-stock-change',
      awaitingSourceReturn: [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: 3 }],
      notRestocked: [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: 1 }],
    });
  });

  it('raises on-hand once, with the source of truth’s RETURN adjustment', () => {
    const warehouse = new Warehouse(charter, 6);
    decideOrderReturned(returned);
    warehouse.update(anAdjustment('RETURN', 3, 11));
    expect(warehouse.level.onHand).toBe(9);
    expect(warehouse.available).toBe(9);
  });

  it('rejects a returned quantity that is not a positive whole number', () => {
    expect(decideOrderReturned(anOrderReturned({ lines: [{ lineNumber: 1, sku: 'SKU-1', quantity: -1, condition: 'RESELLABLE' }] }))).toMatchObject({
      kind: 'invalid',
      errors: [{ code: 'INVENTORY.INVALID_QUANTITY', lineNumber: 1 }],
    });
  });
});

describe('validating shipments and returns before they are applied', () => {
  it('finds nothing wrong with whole positive quantities of named SKUs', () => {
    expect(validateOrderShipped(anOrderShipped({ lines: [{ lineNumber: 1, sku: 'SKU-1', quantity: 2 }] }))).toEqual([]);
    expect(validateOrderReturned(anOrderReturned({ lines: [{ lineNumber: null, sku: 'SKU-1', quantity: 1, condition: 'DAMAGED' }] }))).toEqual([]);
  });

  it('names the field of a blank SKU and of a quantity that is not a positive whole number', () => {
    expect(validateOrderShipped(anOrderShipped({ lines: [{ lineNumber: 3, sku: ' ', quantity: 0.5 }] }))).toMatchObject([
      { code: 'INVENTORY.MISSING_SKU', field: 'lines[0].sku', lineNumber: 3 },
      { code: 'INVENTORY.INVALID_QUANTITY', field: 'lines[0].quantity', lineNumber: 3 },
    ]);
    expect(validateOrderReturned(anOrderReturned({ lines: [{ lineNumber: 1, sku: 'SKU-1', quantity: 0, condition: 'RESELLABLE' }] }))).toMatchObject([
      { code: 'INVENTORY.INVALID_QUANTITY', field: 'lines[0].quantity' },
    ]);
  });
});
