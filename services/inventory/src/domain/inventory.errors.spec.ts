import { INVENTORY_ERROR_CODES, inventoryError, InventoryInvariantError } from './inventory.errors';

describe('inventory error codes', () => {
  it('are unique and all in the INVENTORY domain', () => {
    expect(new Set(INVENTORY_ERROR_CODES).size).toBe(INVENTORY_ERROR_CODES.length);
    for (const code of INVENTORY_ERROR_CODES) expect(code).toMatch(/^INVENTORY\.[A-Z_]+$/);
  });

  it('include the codes other systems branch on', () => {
    expect(INVENTORY_ERROR_CODES).toEqual(expect.arrayContaining(['INVENTORY.UNKNOWN_SKU', 'INVENTORY.NEGATIVE_SNAPSHOT', 'INVENTORY.STALE_UPDATE', 'INVENTORY.INSUFFICIENT_STOCK']));
  });
});

describe('an inventory error value', () => {
  it('has the shape of a contracts ValidationIssue, with nulls where nothing is known', () => {
    expect(inventoryError('INVENTORY.STALE_UPDATE', 'older')).toEqual({ code: 'INVENTORY.STALE_UPDATE', message: 'older', field: null, lineNumber: null });
    expect(inventoryError('INVENTORY.INVALID_QUANTITY', 'zero', { field: 'lines[0].quantity', lineNumber: 1 })).toEqual({
      code: 'INVENTORY.INVALID_QUANTITY',
      message: 'zero',
      field: 'lines[0].quantity',
      lineNumber: 1,
    });
  });

  it('cannot be changed after the fact', () => {
    expect(Object.isFrozen(inventoryError('INVENTORY.STALE_UPDATE', 'older'))).toBe(true);
  });
});

describe('a broken invariant', () => {
  it('is an exception with its own stable code, for bugs only', () => {
    const error = new InventoryInvariantError('released more than reserved');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'InventoryInvariantError', code: 'INVENTORY.INVARIANT_VIOLATED', message: 'released more than reserved' });
  });
});
