import type { PriceChanged } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validatePriceChanged } from '../domain/incoming-records';
import { UpdateReadModels } from '../update-read-models/update-read-models.service';

@HandlesEvent('PriceChanged')
export class PriceChangedHandler implements EventHandler<PriceChanged> {
  constructor(private readonly updateReadModels: UpdateReadModels) {}

  validate({ payload }: ConsumedEvent<PriceChanged>): void {
    assertValidRecord(validatePriceChanged(payload));
  }

  handle({ payload }: ConsumedEvent<PriceChanged>, context: EventHandlerContext): Promise<void> {
    return this.updateReadModels.price(context, payload);
  }
}
