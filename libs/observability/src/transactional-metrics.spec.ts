import { Registry } from 'prom-client';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { TransactionalMetrics } from './transactional-metrics';

class ShopMetrics extends TransactionalMetrics {
  readonly sales = this.counter('shop_sales_total', 'Sales', ['channel']);

  constructor(registry: Registry, dataSource: DataSource) {
    super(registry, dataSource);
  }
}

/** A DataSource as far as the metrics use it: the subscribers TypeORM calls at a transaction's end. */
function dataSourceOfSubscribers(): DataSource & { subscribers: EntitySubscriberInterface[] } {
  return { subscribers: [] } as unknown as DataSource & { subscribers: EntitySubscriberInterface[] };
}

describe('TransactionalMetrics', () => {
  let registry: Registry;
  let dataSource: ReturnType<typeof dataSourceOfSubscribers>;
  let metrics: ShopMetrics;
  const runner = { isTransactionActive: true } as QueryRunner & { isTransactionActive: boolean };
  const inTransaction = { queryRunner: runner } as EntityManager;
  const sales = async () => (await registry.getSingleMetric('shop_sales_total')!.get()).values.reduce((total, sample) => total + sample.value, 0);
  const end = (committed: boolean) => {
    (runner as { isTransactionActive: boolean }).isTransactionActive = false;
    for (const subscriber of dataSource.subscribers) {
      if (committed) subscriber.afterTransactionCommit?.({ queryRunner: runner } as TransactionCommitEvent);
      else subscriber.afterTransactionRollback?.({ queryRunner: runner } as TransactionRollbackEvent);
    }
  };

  beforeEach(() => {
    registry = new Registry();
    dataSource = dataSourceOfSubscribers();
    metrics = new ShopMetrics(registry, dataSource);
    metrics.onModuleInit();
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
  });

  it('registers its counters on the given registry', () => {
    expect(registry.getSingleMetric('shop_sales_total')).toBe(metrics.sales);
  });

  it('counts at once outside a transaction', async () => {
    metrics.afterCommit({ queryRunner: undefined } as EntityManager, () => metrics.sales.inc({ channel: 'web' }));
    metrics.afterCommit({ queryRunner: { isTransactionActive: false } } as EntityManager, () => metrics.sales.inc({ channel: 'web' }));
    expect(await sales()).toBe(2);
  });

  it('counts what a transaction counted once it commits, not before', async () => {
    metrics.afterCommit(inTransaction, () => metrics.sales.inc({ channel: 'web' }));
    metrics.afterCommit(inTransaction, () => metrics.sales.inc({ channel: 'store' }, 2));
    expect(await sales()).toBe(0);
    end(true);
    expect(await sales()).toBe(3);
  });

  it('drops what a rolled-back transaction counted, so a retried chunk counts once', async () => {
    metrics.afterCommit(inTransaction, () => metrics.sales.inc({ channel: 'web' }));
    end(false);
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
    metrics.afterCommit(inTransaction, () => metrics.sales.inc({ channel: 'web' }));
    end(true);
    expect(await sales()).toBe(1);
  });

  it('waits past a savepoint: a commit event while the transaction is still active counts nothing yet', async () => {
    metrics.afterCommit(inTransaction, () => metrics.sales.inc({ channel: 'web' }));
    for (const subscriber of dataSource.subscribers) subscriber.afterTransactionCommit?.({ queryRunner: runner } as TransactionCommitEvent);
    expect(await sales()).toBe(0);
    end(true);
    expect(await sales()).toBe(1);
  });
});
