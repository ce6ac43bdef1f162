import { Body, ConflictException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import type { OrderView } from '../query-orders/order-view';
import { QueryOrders } from '../query-orders/query-orders.service';
import { ReleaseHeldOrder } from '../release-held-order/release-held-order.service';
import { ParsedWith } from '@concord/service-runtime';
import { ErrorResponse, HeldOrdersResponse, OrderResponse, ReleaseRequestBody } from './orders.response.dto';
import { externalOrderQuery, heldOrdersQuery, orderIdParameter, releaseBody, type ExternalOrderQuery, type HeldOrdersQuery, type ReleaseBody } from './orders.schemas';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly queryOrders: QueryOrders,
    private readonly releaseHeldOrder: ReleaseHeldOrder,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  // Before ':orderId', so that "held" is not taken for an order id.
  @Get('held')
  @ApiOperation({ summary: 'Orders held for review, most urgent review deadline first, a page at a time' })
  @ApiQuery({ name: 'limit', type: Number, required: false, description: 'At most this many orders (1–500)' })
  @ApiQuery({ name: 'offset', type: Number, required: false, description: 'Skip this many (0 by default)' })
  @ApiOkResponse({ type: HeldOrdersResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async held(@Query(new ParsedWith(heldOrdersQuery)) query: HeldOrdersQuery): Promise<HeldOrdersResponse> {
    const limit = query.limit ?? this.config.ORDERS_HELD_LIST_DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const { total, orders } = await this.queryOrders.held(limit, offset);
    return { total, limit, offset, orders: orders as OrderResponse[] };
  }

  @Get()
  @ApiOperation({ summary: 'The order a source system placed under its own id, with lines and state history' })
  @ApiQuery({ name: 'sourceSystem', enum: ['ECOMMERCE', 'CRM'], required: true })
  @ApiQuery({ name: 'externalOrderId', required: true, example: 'WEB-100042' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async byExternalId(@Query(new ParsedWith(externalOrderQuery)) query: ExternalOrderQuery): Promise<OrderView> {
    return (await this.queryOrders.byExternalId(query.sourceSystem, query.externalOrderId)) ?? notFound(`no ${query.sourceSystem} order ${query.externalOrderId}`);
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'An order with its lines and state history' })
  @ApiParam({ name: 'orderId', format: 'uuid' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async byId(@Param('orderId', new ParsedWith(orderIdParameter, 'orderId')) orderId: string): Promise<OrderView> {
    return (await this.queryOrders.byId(orderId)) ?? notFound(`no order ${orderId}`);
  }

  @Post(':orderId/release')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Releases a held order after correction: it is validated again against the current products, customers and prices and moves on (audited in its history)',
  })
  @ApiParam({ name: 'orderId', format: 'uuid' })
  @ApiBody({ type: ReleaseRequestBody })
  @ApiOkResponse({ type: OrderResponse, description: 'The order after the release: on to the reservation, or held or rejected again with the current issues' })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The order is not HELD' })
  async release(
    @Param('orderId', new ParsedWith(orderIdParameter, 'orderId')) orderId: string,
    @Body(new ParsedWith(releaseBody)) body: ReleaseBody,
  ): Promise<OrderView> {
    const outcome = await this.releaseHeldOrder.execute(orderId, { releasedBy: body.releasedBy, note: body.note ?? null });
    switch (outcome.kind) {
      case 'released':
        return outcome.order;
      case 'not-found':
        return notFound(`no order ${orderId}`);
      case 'not-held':
        throw new ConflictException({ statusCode: 409, error: 'Conflict', message: `order ${orderId} is ${outcome.state}; only a HELD order can be released` });
    }
  }
}

function notFound(message: string): never {
  throw new NotFoundException({ statusCode: 404, error: 'Not Found', message });
}
