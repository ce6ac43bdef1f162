import type { ProductChanged } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validateProductChanged } from '../domain/incoming-records';
import { UpdateReadModels } from '../update-read-models/update-read-models.service';

@HandlesEvent('ProductChanged')
export class ProductChangedHandler implements EventHandler<ProductChanged> {
  constructor(private readonly updateReadModels: UpdateReadModels) {}

  validate({ payload }: ConsumedEvent<ProductChanged>): void {
    assertValidRecord(validateProductChanged(payload));
  }

  handle({ payload }: ConsumedEvent<ProductChanged>, context: EventHandlerContext): Promise<void> {
    return this.updateReadModels.product(context, payload);
  }
}
