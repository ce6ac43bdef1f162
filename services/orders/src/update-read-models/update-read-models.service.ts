import { Injectable, Logger } from '@nestjs/common';
import type { PriceChanged, ProductChanged } from '@concord/contracts';
import type { TransactionContext } from '@concord/messaging';
import { PriceReadModelRepository } from '../database/price-read-model.repository';
import { ProductReadModelRepository } from '../database/product-read-model.repository';
import { OrdersMetrics } from '../metrics/orders.metrics';

/**
 * Keeps orders' copies of the catalog's products and pricing's governed prices, which validation
 * and pricing read instead of calling those services. An event not newer than what is stored (a
 * redelivery, or a change overtaken by a later one) leaves it as it is and is counted.
 */
@Injectable()
export class UpdateReadModels {
  private readonly logger = new Logger(UpdateReadModels.name);

  constructor(
    private readonly products: ProductReadModelRepository,
    private readonly prices: PriceReadModelRepository,
    private readonly metrics: OrdersMetrics,
  ) {}

  async product({ manager }: TransactionContext, product: ProductChanged): Promise<void> {
    const applied = await this.products.apply(manager, product);
    if (!applied) this.logger.debug(`ProductChanged ${product.sku} v${product.version} is not newer than the stored version`);
    this.metrics.afterCommit(manager, () => this.metrics.readModelUpdates.inc({ model: 'product', outcome: applied ? 'applied' : 'not_newer' }));
  }

  async price({ manager }: TransactionContext, price: PriceChanged): Promise<void> {
    const applied = await this.prices.apply(manager, price);
    if (!applied) this.logger.debug(`PriceChanged ${price.priceChangeId} (${price.sku} ${price.priceType}) is not newer than the stored price point`);
    this.metrics.afterCommit(manager, () => this.metrics.readModelUpdates.inc({ model: 'price', outcome: applied ? 'applied' : 'not_newer' }));
  }
}
