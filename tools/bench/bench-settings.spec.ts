import { loadBenchSettings } from './bench-settings';

describe('the benchmark settings', () => {
  it('measures every service beside the pass-through by default', () => {
    const settings = loadBenchSettings({});
    expect(settings.BENCH_SUBJECTS).toEqual({ services: ['inventory', 'orders'], passThroughOnly: false });
    expect(settings).toMatchObject({ BENCH_ORDERS: 10_000, BENCH_ORDER_LINES: 2, BENCH_ORDERS_LATENCY_RATE: 500, BENCH_ORDERS_LATENCY_SECONDS: 20 });
  });

  it('runs a subset named in BENCH_SUBJECTS', () => {
    expect(loadBenchSettings({ BENCH_SUBJECTS: 'orders' }).BENCH_SUBJECTS).toEqual({ services: ['orders'], passThroughOnly: false });
    expect(loadBenchSettings({ BENCH_SUBJECTS: ' orders, inventory ' }).BENCH_SUBJECTS).toEqual({ services: ['inventory', 'orders'], passThroughOnly: false });
    expect(loadBenchSettings({ BENCH_SUBJECTS: 'pass-through,orders' }).BENCH_SUBJECTS).toEqual({ services: ['orders'], passThroughOnly: false });
    expect(loadBenchSettings({ BENCH_SUBJECTS: 'pass-through' }).BENCH_SUBJECTS).toEqual({ services: [], passThroughOnly: true });
  });

  it('names the variable and the choices when a setting is wrong', () => {
    expect(() => loadBenchSettings({ BENCH_SUBJECTS: 'orders,pricing' })).toThrow('BENCH_SUBJECTS: expected all, or a comma-separated list of pass-through, inventory, orders');
    expect(() => loadBenchSettings({ BENCH_ORDER_LINES: '0' })).toThrow('BENCH_ORDER_LINES');
    expect(() => loadBenchSettings({ BENCH_SKIP_INVENTORY: '1' })).toThrow('BENCH_SKIP_INVENTORY: replaced by BENCH_SUBJECTS');
  });
});
