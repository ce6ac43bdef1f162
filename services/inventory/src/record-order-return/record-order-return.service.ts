import { Injectable, Logger } from '@nestjs/common';
import type { OrderReturned } from '@concord/contracts';
import type { TransactionContext } from '@concord/messaging';
import { StockMovementRepository } from '../database/stock-movement.repository';
import { decideOrderReturned } from '../domain/shipments-and-returns';
import { invalidRecord } from '@concord/messaging';

/**
 * Records returned goods for reconciliation. Stock does not move here: the source of truth's RETURN
 * adjustment (or its next count) restocks resellable goods, so a return is counted once.
 */
@Injectable()
export class RecordOrderReturn {
  private readonly logger = new Logger(RecordOrderReturn.name);

  constructor(private readonly movements: StockMovementRepository) {}

  async execute({ manager }: TransactionContext, returned: OrderReturned): Promise<void> {
    const decision = decideOrderReturned(returned);
    if (decision.kind === 'invalid') throw invalidRecord(decision.errors);
    const recorded = await this.movements.recordReturn(manager, returned, decision);
    if (!recorded) this.logger.debug(`return ${returned.returnId} of order ${returned.orderId} was recorded before`);
  }
}
