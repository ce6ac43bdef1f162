import { Inject } from '@nestjs/common';
import type { InventoryUpdated } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { ApplyInventoryUpdatesBatch } from '../apply-inventory-updates-batch/apply-inventory-updates-batch.service';
import { validateInventoryUpdate } from '../domain/apply-inventory-update';

@HandlesEvent('InventoryUpdated')
export class InventoryUpdatedHandler implements EventHandler<InventoryUpdated> {
  constructor(
    private readonly applyInventoryUpdatesBatch: ApplyInventoryUpdatesBatch,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  validate({ payload }: ConsumedEvent<InventoryUpdated>): void {
    assertValidRecord(validateInventoryUpdate(payload, this.charter));
  }

  handle({ payload, source, id }: ConsumedEvent<InventoryUpdated>, context: EventHandlerContext): Promise<void> {
    // One record is a chunk of one; its process span is active, so outgoing events join its trace.
    return this.applyInventoryUpdatesBatch.execute(context, [{ update: payload, eventSource: source, eventId: id }]);
  }

  /** A whole chunk at once, with the same outcome; if it throws, the runner falls back to `handle` per record. */
  handleBatch(events: ConsumedEvent<InventoryUpdated>[], context: EventHandlerContext): Promise<void> {
    const commands = events.map(({ payload, source, id, traceparent }) => ({ update: payload, eventSource: source, eventId: id, traceparent }));
    return this.applyInventoryUpdatesBatch.execute(context, commands);
  }
}
