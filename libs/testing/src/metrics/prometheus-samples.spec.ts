import { sumSamples } from './prometheus-samples';

const exposition = [
  '# HELP concord_orders_outcomes_total Orders by the state a decision moved them to',
  '# TYPE concord_orders_outcomes_total counter',
  'concord_orders_outcomes_total{outcome="accepted",reason=""} 3',
  'concord_orders_outcomes_total{outcome="held",reason="PRICE_MISMATCH"} 2',
  'concord_orders_outcomes_total{outcome="held",reason="credit \\"blocked\\""} 1',
  'concord_orders_outcomes_total_extra{outcome="held"} 100',
  'concord_inventory_sweeps_total 4',
].join('\n');

describe('sumSamples', () => {
  it('adds up every sample of the metric when no labels are asked for', () => {
    expect(sumSamples(exposition, 'concord_orders_outcomes_total')).toBe(6);
  });

  it('adds up only the samples whose labels include the ones asked for', () => {
    expect(sumSamples(exposition, 'concord_orders_outcomes_total', { outcome: 'held' })).toBe(3);
    expect(sumSamples(exposition, 'concord_orders_outcomes_total', { outcome: 'held', reason: 'PRICE_MISMATCH' })).toBe(2);
  });

  it('reads a sample without labels and a label value with escaped quotes', () => {
    expect(sumSamples(exposition, 'concord_inventory_sweeps_total')).toBe(4);
    expect(sumSamples(exposition, 'concord_orders_outcomes_total', { reason: 'credit \\"blocked\\"' })).toBe(1);
  });

  it('is 0 for a metric that is not exposed or a label value no sample has', () => {
    expect(sumSamples(exposition, 'concord_customers_created_total')).toBe(0);
    expect(sumSamples(exposition, 'concord_orders_outcomes_total', { outcome: 'rejected' })).toBe(0);
  });
});
