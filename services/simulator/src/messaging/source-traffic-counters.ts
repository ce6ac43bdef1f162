import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@concord/observability';
import { SENT_KINDS, type SentKind, type SimulatedSystem, type SourceRecord } from '../inventory/source-records';

export type SentCounts = Record<SentKind, number> & { total: number };

function noneSent(): SentCounts {
  return Object.fromEntries([...SENT_KINDS.map((kind) => [kind, 0]), ['total', 0]]) as SentCounts;
}

/**
 * What the simulated source systems have sent since start-up, by system and kind, for
 * `GET /simulator/status` and as `concord_simulator_records_sent_total{system,kind}` on /metrics.
 */
@Injectable()
export class SourceTrafficCounters {
  private readonly sentTotal: Counter<'system' | 'kind'>;
  private readonly sent: Record<SimulatedSystem, SentCounts> = { WMS: noneSent(), ERP: noneSent() };
  private readonly snapshotRequests = { answered: 0, ignored: 0 };
  private readonly sentByOtherSystems = new Map<string, Map<string, number>>();
  private failedSends = 0;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.sentTotal = new Counter({
      name: 'concord_simulator_records_sent_total',
      help: 'Records the simulated source systems sent to Kafka, by system and kind (bad kinds included).',
      labelNames: ['system', 'kind'],
      registers: [registry],
    });
  }

  countSent(records: readonly SourceRecord[]): void {
    for (const { system, kind } of records) {
      this.sent[system][kind]++;
      this.sent[system].total++;
      this.sentTotal.inc({ system, kind });
    }
  }

  /** Counts records of the order flow and the reference data (any system, any kind). */
  countSentAs(system: string, kind: string, count = 1): void {
    const kinds = this.sentByOtherSystems.get(system) ?? new Map<string, number>();
    kinds.set(kind, (kinds.get(kind) ?? 0) + count);
    this.sentByOtherSystems.set(system, kinds);
    this.sentTotal.inc({ system, kind }, count);
  }

  /** What `system` sent of the order flow and the reference data, by kind. */
  sentAs(system: string): Record<string, number> {
    return Object.fromEntries(this.sentByOtherSystems.get(system) ?? []);
  }

  countFailedSend(): void {
    this.failedSends++;
  }

  countSnapshotRequest(outcome: 'answered' | 'ignored'): void {
    this.snapshotRequests[outcome]++;
  }

  snapshot() {
    return {
      sent: { WMS: { ...this.sent.WMS }, ERP: { ...this.sent.ERP } },
      failedSends: this.failedSends,
      snapshotRequests: { ...this.snapshotRequests },
    };
  }
}
