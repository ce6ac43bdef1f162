import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import { QueryStock } from '../query-stock/query-stock.service';
import type { StockView } from '../query-stock/stock-view';
import { SetVelocityTier } from '../set-velocity-tier/set-velocity-tier.service';
import { ParsedWith } from '@concord/service-runtime';
import { ErrorResponse, StockListResponse, StockResponse, VelocityTierRequest } from './stock.response.dto';
import { skuParameter, stockListQuery, velocityTierBody, type StockListQuery, type VelocityTierBody } from './stock.schemas';

@ApiTags('inventory')
@Controller('inventory')
export class StockController {
  constructor(
    private readonly queryStock: QueryStock,
    private readonly setVelocityTier: SetVelocityTier,
    @Inject(INVENTORY_CONFIG) private readonly config: InventoryConfig,
  ) {}

  @Get('stock/:sku')
  @ApiOperation({ summary: "A SKU's stock by location, with its freshness and velocity tier" })
  @ApiParam({ name: 'sku', example: 'SKU-00042' })
  @ApiOkResponse({ type: StockResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Inventory has never heard of the SKU' })
  async stock(@Param('sku', new ParsedWith(skuParameter, 'sku')) sku: string): Promise<StockView> {
    return (await this.queryStock.stockOf(sku)) ?? notFound(sku);
  }

  @Get('stock')
  @ApiOperation({ summary: 'SKUs whose stock is UNCONFIRMED now (never confirmed, or older than their tier allows), in SKU order' })
  @ApiQuery({ name: 'status', enum: ['stale'], required: true })
  @ApiQuery({ name: 'limit', type: Number, required: false, description: 'At most this many SKUs (1–1000)' })
  @ApiOkResponse({ type: StockListResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async staleStock(@Query(new ParsedWith(stockListQuery)) query: StockListQuery): Promise<StockListResponse> {
    const skus = await this.queryStock.unconfirmedStock(query.limit ?? this.config.INVENTORY_STALE_LIST_DEFAULT_LIMIT);
    return { status: query.status, count: skus.length, skus: skus as StockResponse[] };
  }

  @Put('skus/:sku/velocity-tier')
  @HttpCode(200)
  @ApiOperation({ summary: "Sets or clears (tier: null) a SKU's velocity tier override; its freshness limit applies at once" })
  @ApiParam({ name: 'sku', example: 'SKU-00042' })
  @ApiBody({ type: VelocityTierRequest })
  @ApiOkResponse({ type: StockResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Inventory has never heard of the SKU' })
  async velocityTier(
    @Param('sku', new ParsedWith(skuParameter, 'sku')) sku: string,
    @Body(new ParsedWith(velocityTierBody)) body: VelocityTierBody,
  ): Promise<StockView> {
    return (await this.setVelocityTier.execute(sku, body.tier)) ?? notFound(sku);
  }
}

function notFound(sku: string): never {
  throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `inventory has no record of SKU ${sku}` });
}
