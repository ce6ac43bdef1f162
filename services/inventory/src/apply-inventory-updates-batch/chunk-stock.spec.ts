import type { StockLevel } from '../domain/stock-level';
import { ChunkStock } from './chunk-stock';

const level = (sku: string, locationId: string, onHand: number): StockLevel => ({ sku, locationId, onHand, reserved: 0, lastApplied: null });

describe('ChunkStock', () => {
  it('finds the loaded rows by SKU and location', () => {
    const stock = new ChunkStock([level('A', 'L1', 1), level('A', 'L2', 2), level('B', 'L1', 3)]);

    expect(stock.at('A', 'L2')).toEqual(level('A', 'L2', 2));
    expect(stock.at('B', 'L2')).toBeUndefined();
    expect(stock.ofSku('A')).toEqual([level('A', 'L1', 1), level('A', 'L2', 2)]);
    expect(stock.ofSku('C')).toEqual([]);
    expect(stock.changed()).toEqual([]);
  });

  it('returns each changed row once, as it was last applied, including new rows', () => {
    const stock = new ChunkStock([level('A', 'L1', 1), level('A', 'L2', 2)]);

    stock.apply(level('A', 'L1', 5));
    stock.apply(level('B', 'L1', 7));
    stock.apply(level('A', 'L1', 4));

    expect(stock.at('A', 'L1')).toEqual(level('A', 'L1', 4));
    expect(stock.ofSku('A')).toEqual([level('A', 'L1', 4), level('A', 'L2', 2)]);
    expect(stock.changed()).toEqual([level('B', 'L1', 7), level('A', 'L1', 4)]);
  });

  it('hands out copies of a SKU\'s rows, so an earlier step keeps the rows as they were', () => {
    const stock = new ChunkStock([level('A', 'L1', 1)]);
    const before = stock.ofSku('A');

    stock.apply(level('A', 'L1', 9));

    expect(before).toEqual([level('A', 'L1', 1)]);
  });
});
