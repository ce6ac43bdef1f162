import type { OnModuleInit } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * A service's business metrics on its `/metrics` registry, whose counts made inside a transaction
 * are applied only when it commits: the consumer may roll a chunk back and run it again, and a fact
 * must not be counted once per attempt. Extend it with an @Injectable() class that passes the
 * registry (METRICS_REGISTRY) and the service's DataSource to `super`.
 */
export abstract class TransactionalMetrics implements OnModuleInit {
  private readonly pending = new WeakMap<QueryRunner, Array<() => void>>();

  protected constructor(
    protected readonly registry: Registry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }: TransactionCommitEvent) => this.settle(queryRunner, true),
      afterTransactionRollback: ({ queryRunner }: TransactionRollbackEvent) => this.settle(queryRunner, false),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** Runs `count` once the transaction `manager` belongs to commits (at once outside a transaction); never if it rolls back. */
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

  /** A counter on the registry. */
  protected counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    // A savepoint released or rolled back is not the end of the transaction.
    if (runner.isTransactionActive) return;
    const counts = this.pending.get(runner);
    this.pending.delete(runner);
    if (committed) counts?.forEach((count) => count());
  }
}
