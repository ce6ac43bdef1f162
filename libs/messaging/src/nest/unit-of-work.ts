import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter, type TransactionContext } from '../outbox/outbox-writer';

export type { TransactionContext };

/**
 * The transactional outbox for code that is not an event handler (HTTP use cases, schedulers):
 *
 *   await unitOfWork.run(async ({ manager, publish }) => {
 *     await manager.save(reservation);
 *     await publish(eventDescriptor('StockReserved'), payload);
 *   });
 *
 * State and events commit together or not at all; after the commit the relay is nudged (by the
 * outbox writer), so the events go out at once instead of at its next poll.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  run<T>(work: (context: TransactionContext) => Promise<T>): Promise<T> {
    return this.outbox.transaction(this.dataSource, work);
  }
}
