import { ApiProperty } from '@nestjs/swagger';
import type { AccountStatus, Contact, CustomerCrossReference, PostalAddress, SourceSystem } from '@concord/contracts';
import type { CustomerView, SyncRequestView } from '../query-customers/customer-view';

// The HTTP API's response shapes, for the OpenAPI document (/docs); the values are CustomerViews.

const SYSTEM_NAMES = ['ERP', 'WMS', 'ECOMMERCE', 'CRM', 'PIM'];

export class CrossReferenceResponse implements CustomerCrossReference {
  @ApiProperty({ enum: SYSTEM_NAMES }) readonly sourceSystem!: SourceSystem;
  @ApiProperty({ example: 'C123' }) readonly externalId!: string;
}

export class ContactResponse implements Contact {
  @ApiProperty({ example: 'Jana Keller' }) readonly name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'jana.keller@example.com' }) readonly email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+4971112345678' }) readonly phone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'purchasing' }) readonly role!: string | null;
  @ApiProperty() readonly primary!: boolean;
}

export class PostalAddressResponse implements PostalAddress {
  @ApiProperty({ example: 'Industriestrasse 12' }) readonly line1!: string;
  @ApiProperty({ type: String, nullable: true }) readonly line2!: string | null;
  @ApiProperty({ example: 'Stuttgart' }) readonly city!: string;
  @ApiProperty({ type: String, nullable: true, example: 'BW' }) readonly region!: string | null;
  @ApiProperty({ example: '70565' }) readonly postalCode!: string;
  @ApiProperty({ example: 'DE' }) readonly countryCode!: string;
}

export class FieldSourceResponse {
  @ApiProperty({ example: 'creditLimitAmount' }) readonly field!: string;
  @ApiProperty({ enum: SYSTEM_NAMES }) readonly sourceSystem!: SourceSystem;
  @ApiProperty({ type: String, format: 'date-time', description: 'When that system changed the value' }) readonly updatedAt!: string;
}

export class SyncRequestResponse implements SyncRequestView {
  @ApiProperty({ format: 'uuid' }) readonly syncRequestId!: string;
  @ApiProperty({ enum: ['PENDING', 'ANSWERED'] }) readonly status!: 'PENDING' | 'ANSWERED';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The order that waited for the customer' }) readonly orderId!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) readonly requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly answeredAt!: string | null;
}

export class CustomerResponse implements CustomerView {
  @ApiProperty({ format: 'uuid', description: 'Canonical customer id' }) readonly customerId!: string;
  @ApiProperty({ type: [CrossReferenceResponse], description: 'The customer’s id in each system, in the order they were linked' })
  readonly crossReferences!: CrossReferenceResponse[];
  @ApiProperty({ example: 'Keller Maschinenbau GmbH' }) readonly name!: string;
  @ApiProperty({ type: [ContactResponse] }) readonly contacts!: ContactResponse[];
  @ApiProperty({ type: PostalAddressResponse, nullable: true }) readonly billingAddress!: PostalAddressResponse | null;
  @ApiProperty({ type: String, nullable: true, example: 'DE123456789' }) readonly taxId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '25000.0000', description: 'Exact decimal' }) readonly creditLimitAmount!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1200.5000', description: 'Exact decimal' }) readonly openReceivablesAmount!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'EUR' }) readonly currency!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'NET30' }) readonly paymentTerms!: string | null;
  @ApiProperty({ enum: ['PROSPECT', 'ACTIVE', 'ON_HOLD', 'INACTIVE'] }) readonly accountStatus!: AccountStatus;
  @ApiProperty({ type: [FieldSourceResponse], description: 'Which system supplied each field' }) readonly fieldSources!: FieldSourceResponse[];
  @ApiProperty({ example: 2 }) readonly version!: number;
  @ApiProperty({ type: String, format: 'date-time' }) readonly changedAt!: string;
  @ApiProperty({ example: '2026.11.1' }) readonly charterVersion!: string;
  @ApiProperty({ type: SyncRequestResponse, nullable: true, description: 'The latest request to the ERP to create the customer' })
  readonly erpSync!: SyncRequestResponse | null;
}

export class ErrorResponse {
  @ApiProperty({ example: 400 }) readonly statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) readonly error!: string;
  @ApiProperty({ example: 'customerId: expected a customer id (a UUID)' }) readonly message!: string;
}
