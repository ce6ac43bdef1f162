import { comparisonRows, generatorNotes, inventoryNotes, markdownTable, medianSustained } from './benchmark-report';
import type { SubjectResult } from './benchmark-results';

const run = (eventsPerSecond: number, complete = true) => ({ events: 50_000, seconds: 50_000 / eventsPerSecond, eventsPerSecond, produceSeconds: 1, complete });
const latency = (p50: number, p95: number, p99: number, unmatched = 0) => ({ count: 20_000, p50, p95, p99, max: p99 + 10, ratePerSecond: 1000, seconds: 20, sent: 20_000, unmatched, lowerBound: unmatched > 0 });

const passThrough: SubjectResult = { sustained: [run(40_000), run(50_000), run(45_000)], latency: latency(5, 10, 20) };

describe('the benchmark report', () => {
  it('reports the median sustained rate, preferring runs that completed', () => {
    expect(medianSustained(passThrough)).toBe(45_000);
    expect(medianSustained({ sustained: [run(100, false), run(9000), run(11_000)] })).toBe(10_000);
  });

  it('sets the inventory beside the pass-through as a ratio and says whether the targets are met', () => {
    const rows = comparisonRows({ passThrough, inventory: { measured: { sustained: [run(9000), run(12_000), run(11_000)], latency: latency(40, 120, 300) } } });
    expect(rows[0]).toMatchObject({ passThrough: '45,000', inventory: '11,000', ratio: '0.24', target: '≥ 10,000 — met' });
    const p99 = rows.find((row) => row.measure.startsWith('latency p99'))!;
    expect(p99).toMatchObject({ passThrough: '20 ms', inventory: '300 ms', ratio: '15.00', target: '< 250 ms — not met' });
  });

  describe('when the service did not keep up with the latency phase', () => {
    const inventory: SubjectResult = { sustained: [run(200)], latency: latency(15_000, 40_000, 42_000, 8000) };

    it('shows its latencies as lower bounds', () => {
      const p99 = comparisonRows({ passThrough, inventory: { measured: inventory } }).find((row) => row.measure.startsWith('latency p99'))!;
      expect(p99).toMatchObject({ inventory: '≥ 42,000 ms', target: '< 250 ms — not met' });
    });

    it('says that the latency phase measured a queue, and how many probes went unanswered', () => {
      const notes = inventoryNotes(inventory);
      expect(notes[0]).toContain('sustained capacity (200 events/s) is below the 1,000 events/s');
      expect(notes[1]).toContain('8,000 of 20,000 latency probes');
    });
  });

  it('says when a figure is bounded by the load generator rather than by the subject', () => {
    // Every run here produced its 50,000 events in 1 s: 50,000/s from the generator.
    expect(generatorNotes('pass-through', passThrough)).toEqual([expect.stringContaining('it is a lower bound of the pass-through')]);
    expect(generatorNotes('inventory service', { sustained: [run(9000)] })).toEqual([]);
  });

  it('leaves the inventory columns empty when it was not measured', () => {
    const rows = comparisonRows({ passThrough, inventory: { notMeasured: 'no consumer joined' } });
    expect(rows[0]).toMatchObject({ inventory: '—', ratio: '—', target: '≥ 10,000' });
    expect(markdownTable(rows)).toContain('| latency p99 at 1,000/s | 20 ms | — | — | < 250 ms |');
  });
});
