import type { InventorySnapshotRequested } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler } from '@concord/messaging';
import { AnswerSnapshotRequest } from '../snapshot-requests/answer-snapshot-request';

/** Inventory asks the source of truth for a fresh count; the simulated WMS or ERP answers. */
@HandlesEvent('InventorySnapshotRequested')
export class InventorySnapshotRequestedHandler implements EventHandler<InventorySnapshotRequested> {
  constructor(private readonly answerSnapshotRequest: AnswerSnapshotRequest) {}

  async handle(event: ConsumedEvent<InventorySnapshotRequested>): Promise<void> {
    await this.answerSnapshotRequest.execute(event.payload);
  }
}
