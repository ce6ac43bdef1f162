import { Injectable } from '@nestjs/common';

/**
 * What the simulated ERP and WMS did with what Concord sent them, for `GET /simulator/status`.
 * Counted when a record is processed: a transaction the consumer retries counts again. What they
 * sent is counted by the publisher once the broker acknowledged it.
 */
@Injectable()
export class OrderFlowCounters {
  readonly acceptedOrders = { scheduled: 0, unanswered: 0, ignored: 0 };
  readonly customerSyncRequests = { scheduled: 0, ignored: 0 };
  readonly cancellationRequests = { processed: 0, shipmentsDropped: 0 };

  snapshot() {
    return {
      acceptedOrders: { ...this.acceptedOrders },
      customerSyncRequests: { ...this.customerSyncRequests },
      cancellationRequests: { ...this.cancellationRequests },
    };
  }
}
