import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SourceSystem } from '@concord/contracts';
import { OrderHistoryRepository } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import type { OrderRecord } from '../domain/order';
import { toOrderView, type OrderView } from './order-view';

/** Reads orders as committed, without locks. */
@Injectable()
export class QueryOrders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
  ) {}

  /** The order with its lines and state history; undefined when there is none. */
  async byId(orderId: string): Promise<OrderView | undefined> {
    return this.withHistory(await this.orders.find(this.dataSource.manager, orderId));
  }

  /** The order a source system placed under its own id, with lines and history. */
  async byExternalId(sourceSystem: SourceSystem, externalOrderId: string): Promise<OrderView | undefined> {
    return this.withHistory(await this.orders.findByExternalId(this.dataSource.manager, sourceSystem, externalOrderId));
  }

  /** A page of held orders, the most urgent review first. */
  async held(limit: number, offset: number): Promise<{ total: number; orders: OrderView[] }> {
    const { total, orders } = await this.orders.findHeld(this.dataSource.manager, limit, offset);
    return { total, orders: orders.map((order) => toOrderView(order)) };
  }

  private async withHistory(order: OrderRecord | undefined): Promise<OrderView | undefined> {
    if (order === undefined) return undefined;
    const history = await this.history.findFor(this.dataSource.manager, [order.orderId]);
    return toOrderView(order, history.get(order.orderId) ?? []);
  }
}
