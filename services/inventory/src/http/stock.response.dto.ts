import { ApiProperty } from '@nestjs/swagger';
import type { LocationStockView, StockView } from '../query-stock/stock-view';

// The HTTP API's response shapes, for the OpenAPI document (/docs); the values are StockViews.

export class LocationStockResponse implements LocationStockView {
  @ApiProperty({ example: 'DC-EAST' }) readonly locationId!: string;
  @ApiProperty({ example: 40 }) readonly onHand!: number;
  @ApiProperty({ example: 3 }) readonly reserved!: number;
  @ApiProperty({ example: 37, description: 'On hand minus reserved, never negative; 0 while the SKU is UNCONFIRMED' }) readonly available!: number;
  @ApiProperty({ enum: ['CONFIRMED', 'UNCONFIRMED'] }) readonly freshness!: 'CONFIRMED' | 'UNCONFIRMED';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the source of truth last counted or moved this stock' })
  readonly lastConfirmedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Source sequence of the last applied event' }) readonly lastSourceSequence!: number | null;
}

export class StockResponse implements StockView {
  @ApiProperty({ example: 'SKU-00042' }) readonly sku!: string;
  @ApiProperty({ enum: ['CONFIRMED', 'UNCONFIRMED'], description: 'UNCONFIRMED: data older than the tier allows, or never confirmed; published as 0' })
  readonly status!: 'CONFIRMED' | 'UNCONFIRMED';
  @ApiProperty({ enum: ['STALE', 'NO_DATA'], nullable: true }) readonly unconfirmedReason!: 'STALE' | 'NO_DATA' | null;
  @ApiProperty({ type: [String], description: 'Locations that are stale or were never confirmed' }) readonly unconfirmedLocations!: string[];
  @ApiProperty({ enum: ['HIGH', 'MEDIUM', 'SLOW'] }) readonly velocityTier!: 'HIGH' | 'MEDIUM' | 'SLOW';
  @ApiProperty({ enum: ['override', 'order-rate'] }) readonly velocityTierSource!: 'override' | 'order-rate';
  @ApiProperty({ type: String, nullable: true, example: '3.25', description: 'Average orders per day the tier was derived from' })
  readonly ordersPerDay!: string | null;
  @ApiProperty({ example: 300, description: "The tier's freshness limit from the charter" }) readonly freshnessLimitSeconds!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Oldest confirmation over the locations' })
  readonly lastConfirmedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the SKU turns UNCONFIRMED unless confirmed again' })
  readonly expiresAt!: string | null;
  @ApiProperty({ enum: ['WMS', 'ERP'] }) readonly sourceOfTruth!: string;
  @ApiProperty() readonly totalOnHand!: number;
  @ApiProperty() readonly totalReserved!: number;
  @ApiProperty() readonly totalAvailable!: number;
  @ApiProperty({ type: [LocationStockResponse] }) readonly locations!: LocationStockResponse[];
  @ApiProperty({ type: String, format: 'date-time' }) readonly calculatedAt!: string;
  @ApiProperty({ example: '2026.11.1' }) readonly charterVersion!: string;
}

export class StockListResponse {
  @ApiProperty({ enum: ['stale'] }) readonly status!: 'stale';
  @ApiProperty() readonly count!: number;
  @ApiProperty({ type: [StockResponse] }) readonly skus!: StockResponse[];
}

export class VelocityTierRequest {
  @ApiProperty({ enum: ['HIGH', 'MEDIUM', 'SLOW'], nullable: true, description: 'The tier to use for this SKU; null clears the override' })
  readonly tier!: 'HIGH' | 'MEDIUM' | 'SLOW' | null;
}

export class ErrorResponse {
  @ApiProperty({ example: 400 }) readonly statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) readonly error!: string;
  @ApiProperty({ example: 'status: expected "stale"' }) readonly message!: string;
}
