import { ApiProperty } from '@nestjs/swagger';
import { HoldReasonSymbols, PriceTypeSymbols } from '@concord/contracts';
import { ORDER_STATES, type OrderState, type StockStatus } from '../domain/order';
import type { OrderHistoryView, OrderHoldView, OrderLineView, OrderView } from '../query-orders/order-view';

// The HTTP API's response shapes, for the OpenAPI document (/docs); the values are OrderViews.

const STOCK_STATUSES: StockStatus[] = ['NONE', 'REQUESTED', 'RESERVED', 'REFUSED', 'RELEASE_REQUESTED'];

export class IssueResponse {
  @ApiProperty({ example: 'ORDERS.UNKNOWN_SKU' }) readonly code!: string;
  @ApiProperty({ example: 'line 2: SKU SKU-404 is not in the product master' }) readonly message!: string;
  @ApiProperty({ type: String, nullable: true, example: 'lines[1].sku' }) readonly field!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 2 }) readonly lineNumber!: number | null;
}

export class AllocationResponse {
  @ApiProperty({ example: 'DC-EAST' }) readonly locationId!: string;
  @ApiProperty({ example: 4 }) readonly quantity!: number;
}

export class OrderLineResponse implements OrderLineView {
  @ApiProperty({ example: 1 }) readonly lineNumber!: number;
  @ApiProperty({ example: 'SKU-1000' }) readonly sku!: string;
  @ApiProperty({ example: 4 }) readonly quantity!: number;
  @ApiProperty({ example: '19.9900', description: 'Unit price the channel showed' }) readonly shownUnitPrice!: string;
  @ApiProperty({ type: String, nullable: true, example: '19.9900', description: 'Governed unit price, once priced' }) readonly unitPrice!: string | null;
  @ApiProperty({ enum: PriceTypeSymbols, nullable: true }) readonly appliedPriceType!: OrderLineView['appliedPriceType'];
  @ApiProperty({ type: Boolean, nullable: true, description: 'Shown price off by more than the charter tolerance' }) readonly priceMismatch!: boolean | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Once accepted' }) readonly backorderedQuantity!: number | null;
  @ApiProperty({ type: [AllocationResponse], description: 'Where the reserved stock ships from, once accepted' }) readonly allocations!: AllocationResponse[];
  @ApiProperty({ type: String, nullable: true, example: '79.9600' }) readonly lineAmount!: string | null;
}

export class OrderHoldResponse implements OrderHoldView {
  @ApiProperty({ enum: HoldReasonSymbols }) readonly reason!: OrderHoldView['reason'];
  @ApiProperty({ type: [IssueResponse] }) readonly issues!: IssueResponse[];
  @ApiProperty({ type: String, nullable: true, example: 'sales-ops', description: 'Null while waiting on an automatic step' }) readonly ownerTeam!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly reviewDeadline!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) readonly heldAt!: string;
}

export class OrderHistoryResponse implements OrderHistoryView {
  @ApiProperty({ enum: ORDER_STATES, nullable: true, description: 'Null when the order was created' }) readonly from!: OrderState | null;
  @ApiProperty({ enum: ORDER_STATES }) readonly to!: OrderState;
  @ApiProperty({ example: 'MISSING_DATA' }) readonly reason!: string;
  @ApiProperty({ example: 'OrderPlaced', description: 'Consumed event, manual release, customer wait sweep' }) readonly trigger!: string;
  @ApiProperty({ type: Object, nullable: true }) readonly detail!: Record<string, unknown> | null;
  @ApiProperty({ example: '/storefront', description: "The event's ce_source, or the reviewer" }) readonly actor!: string;
  @ApiProperty({ type: String, nullable: true, description: "The event's ce_id" }) readonly eventId!: string | null;
  @ApiProperty({ example: '2026.11.1' }) readonly charterVersion!: string;
  @ApiProperty({ type: String, format: 'date-time' }) readonly at!: string;
}

export class OrderCustomerResponse {
  @ApiProperty({ example: '123' }) readonly externalCustomerId!: string;
  @ApiProperty({ description: 'The order brought new-customer details' }) readonly newCustomer!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) readonly customerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'C123' }) readonly erpCustomerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'C123' }) readonly expectedErpCustomerId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'While AWAITING_CUSTOMER' }) readonly waitDeadline!: string | null;
}

export class AddressResponse {
  @ApiProperty() readonly line1!: string;
  @ApiProperty({ type: String, nullable: true }) readonly line2!: string | null;
  @ApiProperty() readonly city!: string;
  @ApiProperty({ type: String, nullable: true }) readonly region!: string | null;
  @ApiProperty() readonly postalCode!: string;
  @ApiProperty({ example: 'US' }) readonly countryCode!: string;
}

export class OrderResponse implements OrderView {
  @ApiProperty({ format: 'uuid' }) readonly orderId!: string;
  @ApiProperty({ enum: ['ECOMMERCE', 'CRM'] }) readonly sourceSystem!: OrderView['sourceSystem'];
  @ApiProperty({ example: 'WEB-100042' }) readonly externalOrderId!: string;
  @ApiProperty({ example: 'webshop' }) readonly channel!: string;
  @ApiProperty({ enum: ORDER_STATES }) readonly state!: OrderState;
  @ApiProperty({ enum: STOCK_STATUSES, description: 'What was asked of inventory' }) readonly stockStatus!: StockStatus;
  @ApiProperty({ type: OrderCustomerResponse }) readonly customer!: OrderCustomerResponse;
  @ApiProperty({ example: 'EUR' }) readonly currency!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-30' }) readonly requestedDeliveryDate!: string | null;
  @ApiProperty({ type: AddressResponse }) readonly shipTo!: AddressResponse;
  @ApiProperty({ type: String, nullable: true }) readonly purchaseOrderNumber!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) readonly placedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) readonly receivedAt!: string;
  @ApiProperty({ type: OrderHoldResponse, nullable: true }) readonly hold!: OrderHoldResponse | null;
  @ApiProperty({ type: [IssueResponse], nullable: true }) readonly rejectionIssues!: IssueResponse[] | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) readonly reservationId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '79.9600' }) readonly totalAmount!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly acceptedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'SO-500042' }) readonly erpOrderNumber!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly cancelReason!: string | null;
  @ApiProperty({ example: '2026.11.1' }) readonly charterVersion!: string;
  @ApiProperty({ type: [OrderLineResponse] }) readonly lines!: OrderLineResponse[];
  @ApiProperty({ type: [OrderHistoryResponse], required: false, description: 'Oldest first; in single-order answers' }) readonly history?: OrderHistoryResponse[];
}

export class HeldOrdersResponse {
  @ApiProperty({ description: 'Held orders in all' }) readonly total!: number;
  @ApiProperty() readonly limit!: number;
  @ApiProperty() readonly offset!: number;
  @ApiProperty({ type: [OrderResponse], description: 'Most urgent review first' }) readonly orders!: OrderResponse[];
}

export class ReleaseRequestBody {
  @ApiProperty({ example: 'j.doe', description: 'Who releases the order (audited)' }) readonly releasedBy!: string;
  @ApiProperty({ type: String, nullable: true, required: false, example: 'price corrected in the ERP' }) readonly note?: string | null;
}

export class ErrorResponse {
  @ApiProperty({ example: 400 }) readonly statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) readonly error!: string;
  @ApiProperty({ example: 'releasedBy: expected who releases the order' }) readonly message!: string;
}
