import { benchmarkMarkdown, comparisonRows, generatorNotes, markdownTable, medianSustained, reportFromJson, reportText, SERVICES, serviceNotes } from './benchmark-report';
import type { SubjectResult } from './benchmark-results';

const run = (eventsPerSecond: number, complete = true) => ({ events: 50_000, seconds: 50_000 / eventsPerSecond, eventsPerSecond, produceSeconds: 1, complete });
const latency = (p50: number, p95: number, p99: number, unmatched = 0, ratePerSecond = 1000) => ({
  count: 20_000,
  p50,
  p95,
  p99,
  max: p99 + 10,
  ratePerSecond,
  seconds: 20,
  sent: 20_000,
  unmatched,
  lowerBound: unmatched > 0,
});

const passThrough: SubjectResult = { sustained: [run(40_000), run(50_000), run(45_000)], latency: latency(5, 10, 20) };
const { inventory, orders } = SERVICES;
const row = (rows: ReturnType<typeof comparisonRows>, prefix: string) => rows.find((candidate) => candidate.measure.startsWith(prefix))!;

describe('the benchmark report', () => {
  it('reports the median sustained rate, preferring runs that completed', () => {
    expect(medianSustained(passThrough)).toBe(45_000);
    expect(medianSustained({ sustained: [run(100, false), run(9000), run(11_000)] })).toBe(10_000);
  });

  it('sets the inventory beside the pass-through as a ratio and says whether its targets are met', () => {
    const rows = comparisonRows(inventory, { passThrough, service: { measured: { sustained: [run(9000), run(12_000), run(11_000)], latency: latency(40, 120, 300) } } });
    expect(rows[0]).toMatchObject({ measure: 'sustained, events/s (median of 3)', passThrough: '45,000', service: '11,000', ratio: '0.24', target: '≥ 10,000 — met' });
    expect(row(rows, 'latency p99')).toMatchObject({ passThrough: '20 ms', service: '300 ms', ratio: '15.00', target: '< 250 ms at 1,000/s — not met' });
    expect(row(rows, 'latency p95').target).toBe('');
  });

  it('judges orders by orders/s and by p95 at 500 orders/s', () => {
    const ordersPassThrough: SubjectResult = { sustained: [run(20_000)], latency: latency(8, 16, 30, 0, 500) };
    const rows = comparisonRows(orders, { passThrough: ordersPassThrough, service: { measured: { sustained: [run(1500), run(2500), run(2200)], latency: latency(90, 240, 700, 0, 500) } } });
    expect(rows[0]).toMatchObject({ measure: 'sustained, orders/s (median of 3)', passThrough: '20,000', service: '2,200', ratio: '0.11', target: '≥ 2,000 — met' });
    expect(row(rows, 'latency p95 at 500/s')).toMatchObject({ passThrough: '16 ms', service: '240 ms', ratio: '15.00', target: '< 300 ms at 500/s — met' });
    expect(row(rows, 'latency p99').target).toBe('');
    expect(row(rows, 'latency, orders').service).toBe('20,000 sent, 0 unmatched, max 710 ms');
    expect(markdownTable(orders, rows).split('\n')[0]).toBe('| measure | Kafka pass-through | orders service | ratio (orders / pass-through) | target |');
  });

  it('does not judge a latency measured at another rate than the target names', () => {
    const rows = comparisonRows(orders, { passThrough, service: { measured: { sustained: [run(2500)], latency: latency(10, 20, 30, 0, 200) } } });
    expect(row(rows, 'latency p95 at 200/s').target).toBe('< 300 ms at 500/s — measured at another rate');
  });

  describe('when the service did not keep up with the latency phase', () => {
    const slow: SubjectResult = { sustained: [run(200)], latency: latency(15_000, 40_000, 42_000, 8000) };

    it('shows its latencies as lower bounds', () => {
      expect(row(comparisonRows(inventory, { passThrough, service: { measured: slow } }), 'latency p99')).toMatchObject({
        service: '≥ 42,000 ms',
        target: '< 250 ms at 1,000/s — not met',
      });
    });

    it('says that the latency phase measured a queue, how many probes went unanswered, and what the service reported', () => {
      const notes = serviceNotes(orders, { ...slow, remarks: ['3 of 10,000 orders were not accepted (3 HELD INSUFFICIENT_STOCK, which they cannot leave by themselves).'] });
      expect(notes[0]).toContain('sustained capacity (200 orders/s) is below the 1,000 orders/s');
      expect(notes[1]).toContain('8,000 of 20,000 latency probes');
      expect(notes[2]).toBe('- 3 of 10,000 orders were not accepted (3 HELD INSUFFICIENT_STOCK, which they cannot leave by themselves).');
    });
  });

  it('says when a figure is bounded by the load generator rather than by the subject', () => {
    // Every run here produced its 50,000 events in 1 s: 50,000/s from the generator.
    expect(generatorNotes('pass-through', 'events', passThrough)).toEqual([expect.stringContaining('it is a lower bound of the pass-through')]);
    expect(generatorNotes('inventory service', 'events', { sustained: [run(9000)] })).toEqual([]);
  });

  it('leaves the service columns empty when it was not measured', () => {
    const rows = comparisonRows(inventory, { passThrough, service: { notMeasured: 'no consumer joined' } });
    expect(rows[0]).toMatchObject({ service: '—', ratio: '—', target: '≥ 10,000' });
    expect(markdownTable(inventory, rows)).toContain('| latency p99 at 1,000/s | 20 ms | — | — | < 250 ms at 1,000/s |');
  });

  it('writes a section per service measured, and says why one was not', () => {
    const report = {
      startedAt: new Date('2026-11-27T10:00:00Z'),
      finishedAt: new Date('2026-11-27T10:10:00Z'),
      command: 'BENCH_SUBJECTS=orders npm run bench',
      machine: '2 cores',
      orders: { settings: '1,000 orders', passThrough, service: { notMeasured: 'the orders service exited with 78 before it was ready:\nstack…' } },
    };
    const page = benchmarkMarkdown(report);
    expect(page).toContain('- Command: `BENCH_SUBJECTS=orders npm run bench`');
    expect(page).toContain('### Orders service\n\nSettings: 1,000 orders\n');
    expect(page).toContain('**The orders service was not measured in this run:** the orders service exited with 78 before it was ready:\n');
    expect(page).not.toContain('### Inventory service');
    expect(reportText(report)).toContain('orders service NOT measured: the orders service exited with 78 before it was ready:');
  });

  it('reads the results.json of a run from before the orders benchmark as an inventory-only run', () => {
    const earlier = {
      startedAt: '2026-11-27T00:13:45.876Z',
      finishedAt: '2026-11-27T00:18:29.000Z',
      command: 'npm run bench',
      machine: '2 cores',
      settings: '50,000 events × 3 sustained runs',
      passThrough,
      inventory: { measured: { sustained: [run(1068)] } },
    };
    const report = reportFromJson(JSON.parse(JSON.stringify(earlier)));
    expect(report.startedAt).toEqual(new Date('2026-11-27T00:13:45.876Z'));
    expect(report.orders).toBeUndefined();
    expect(report.inventory).toEqual({ settings: '50,000 events × 3 sustained runs', passThrough, service: { measured: { sustained: [run(1068)] } } });
    expect(() => reportFromJson({ hello: 1 })).toThrow('not the results.json of a benchmark run');
  });

  it('reads its own results.json back as written', () => {
    const report = {
      startedAt: new Date('2026-11-27T10:00:00Z'),
      finishedAt: new Date('2026-11-27T10:10:00Z'),
      command: 'npm run bench',
      machine: '2 cores',
      code: 'git abc1234',
      inventory: { settings: 'i', passThrough, service: { measured: passThrough } },
      orders: { settings: 'o', passThrough, service: { notMeasured: 'not selected (BENCH_SUBJECTS=pass-through)' } },
    };
    expect(reportFromJson(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
});
