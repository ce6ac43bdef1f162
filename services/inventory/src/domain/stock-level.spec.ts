import { aStockLevel } from './__fixtures__/inventory-fixtures';
import { InventoryInvariantError } from './inventory.errors';
import { availableAt, emptyStockLevel, mergeStockQuantities, overcommittedAt, releaseStock, reserveStock } from './stock-level';

describe('a stock row', () => {
  it('starts empty and unconfirmed', () => {
    expect(emptyStockLevel('SKU-1', 'DC-EAST')).toEqual({ sku: 'SKU-1', locationId: 'DC-EAST', onHand: 0, reserved: 0, lastApplied: null });
  });

  it('has on hand minus reserved available', () => {
    expect(availableAt(aStockLevel({ onHand: 10, reserved: 4 }))).toBe(6);
    expect(overcommittedAt(aStockLevel({ onHand: 10, reserved: 4 }))).toBe(0);
  });

  describe('when more is reserved than is on hand (after shrinkage)', () => {
    it('has nothing available and says by how much it is overcommitted', () => {
      const level = aStockLevel({ onHand: 2, reserved: 5 });
      expect(availableAt(level)).toBe(0);
      expect(overcommittedAt(level)).toBe(3);
    });
  });
});

describe('holding and giving back reserved stock', () => {
  const levels = [aStockLevel({ onHand: 10, reserved: 2 }), aStockLevel({ locationId: 'DC-WEST', onHand: 5 })];

  it('raises reserved at the named rows only', () => {
    const after = reserveStock(levels, [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: 3 }]);
    expect(after.map((level) => level.reserved)).toEqual([5, 0]);
    expect(after[1]).toBe(levels[1]);
  });

  it('adds up several quantities for the same row', () => {
    const after = reserveStock(levels, [
      { sku: 'SKU-1', locationId: 'DC-EAST', quantity: 3 },
      { sku: 'SKU-1', locationId: 'DC-EAST', quantity: 5 },
    ]);
    expect(after[0].reserved).toBe(10);
  });

  it('lowers reserved on release and leaves on-hand alone', () => {
    expect(releaseStock(levels, [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: 2 }])[0]).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it('refuses to reserve beyond on-hand (allocation never asks for it: a bug)', () => {
    expect(() => reserveStock(levels, [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: 9 }])).toThrow(InventoryInvariantError);
  });

  it('refuses to release more than is reserved (corrupted state: a bug)', () => {
    expect(() => releaseStock(levels, [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: 3 }])).toThrow(InventoryInvariantError);
  });

  it('refuses a row it was not given, and negative or fractional quantities', () => {
    expect(() => reserveStock(levels, [{ sku: 'SKU-1', locationId: 'DC-EU', quantity: 1 }])).toThrow(/no stock row/);
    expect(() => reserveStock(levels, [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: -1 }])).toThrow(InventoryInvariantError);
    expect(() => releaseStock(levels, [{ sku: 'SKU-1', locationId: 'DC-EAST', quantity: 0.5 }])).toThrow(InventoryInvariantError);
  });
});

describe('merging quantities', () => {
  it('adds up the same SKU and location, keeps first-seen order and drops zeros', () => {
    expect(
      mergeStockQuantities([
        { sku: 'SKU-2', locationId: 'DC-EAST', quantity: 1 },
        { sku: 'SKU-1', locationId: 'DC-EAST', quantity: 2 },
        { sku: 'SKU-2', locationId: 'DC-EAST', quantity: 3 },
        { sku: 'SKU-2', locationId: 'DC-WEST', quantity: 0 },
      ]),
    ).toEqual([
      { sku: 'SKU-2', locationId: 'DC-EAST', quantity: 4 },
      { sku: 'SKU-1', locationId: 'DC-EAST', quantity: 2 },
    ]);
  });
});
