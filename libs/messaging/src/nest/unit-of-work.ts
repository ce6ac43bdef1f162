import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventHandlerContext } from '../consumer/consumer-runner';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';

/** What a unit of work may do: change state through `manager` and publish events, in one transaction. */
export type TransactionContext = EventHandlerContext;

/**
 * The transactional outbox for code that is not an event handler (HTTP use cases, schedulers):
 *
 *   await unitOfWork.run(async ({ manager, publish }) => {
 *     await manager.save(reservation);
 *     await publish(eventDescriptor('StockReserved'), payload);
 *   });
 *
 * State and events commit together or not at all; after the commit the relay is nudged, so the
 * events go out at once instead of at its next poll.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (context: TransactionContext) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) =>
      work({
        manager,
        publish: (descriptor, payload, options) => this.outbox.enqueue(manager, descriptor, payload, options),
      }),
    );
    this.relay.nudge();
    return result;
  }
}
