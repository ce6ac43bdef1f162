import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { METRICS_REGISTRY } from '@concord/observability';

/**
 * Customers' business counters on the service's `/metrics` registry.
 *
 * Counts made inside a transaction are applied only when it commits: the consumer may roll a chunk
 * back and run it again, and a rejected field must not be counted once per attempt.
 */
@Injectable()
export class CustomersMetrics implements OnModuleInit {
  /** Canonical customers created, by the system of the id they were created for. */
  readonly customersCreated: Counter<'source_system'>;
  /** CustomerChanged written to the outbox: created, merged (fields), linked (a new id), republished (unchanged, for a waiting order). */
  readonly customerChanges: Counter<'cause'>;
  readonly syncRequests: Counter<'target_system' | 'reason'>;
  /** CustomerUpserted that answered a sync request (linked the target's id). */
  readonly syncAnswers: Counter<'source_system'>;
  readonly creationRequests: Counter<'outcome'>;
  /** Non-owner values not applied (OWNERSHIP_VIOLATION): the data conflicts of the customer domains. */
  readonly rejectedFieldWrites: Counter<'source_system' | 'field'>;
  /** Values older than the one the same system supplied before (ignored). */
  readonly staleFieldValues: Counter<'source_system' | 'field'>;
  /** CustomerUpserted that changed nothing (no CustomerChanged). */
  readonly unchangedUpserts: Counter<'source_system'>;

  private readonly pending = new WeakMap<QueryRunner, Array<() => void>>();

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly dataSource: DataSource,
  ) {
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers: [registry] });
    this.customersCreated = counter('concord_customers_created_total', 'Canonical customers created', ['source_system']);
    this.customerChanges = counter('concord_customers_changed_published_total', 'CustomerChanged events written to the outbox', ['cause']);
    this.syncRequests = counter('concord_customers_sync_requests_total', 'CustomerSyncRequested events written to the outbox', ['target_system', 'reason']);
    this.syncAnswers = counter('concord_customers_sync_answers_total', 'CustomerUpserted events that answered a sync request', ['source_system']);
    this.creationRequests = counter('concord_customers_creation_requests_total', 'CustomerCreationRequested events handled, by outcome', ['outcome']);
    this.rejectedFieldWrites = counter(
      'concord_customers_rejected_field_writes_total',
      'Values of a system that does not own the field, not applied (OWNERSHIP_VIOLATION)',
      ['source_system', 'field'],
    );
    this.staleFieldValues = counter('concord_customers_stale_field_values_total', 'Values older than the one the same system supplied before', ['source_system', 'field']);
    this.unchangedUpserts = counter('concord_customers_unchanged_upserts_total', 'CustomerUpserted events that changed nothing', ['source_system']);
  }

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }: TransactionCommitEvent) => this.settle(queryRunner, true),
      afterTransactionRollback: ({ queryRunner }: TransactionRollbackEvent) => this.settle(queryRunner, false),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** Runs `count` once the transaction `manager` belongs to commits (at once outside a transaction). */
  afterCommit(manager: EntityManager, count: () => void): void {
    const runner = manager.queryRunner;
    if (runner === undefined || !runner.isTransactionActive) {
      count();
      return;
    }
    const counts = this.pending.get(runner) ?? [];
    counts.push(count);
    this.pending.set(runner, counts);
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    // A savepoint released or rolled back is not the end of the transaction.
    if (runner.isTransactionActive) return;
    const counts = this.pending.get(runner);
    this.pending.delete(runner);
    if (committed) counts?.forEach((count) => count());
  }
}
