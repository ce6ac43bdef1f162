import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SYSTEMS } from '@concord/governance';
import type { CustomerView } from '../query-customers/customer-view';
import { QueryCustomers } from '../query-customers/query-customers.service';
import { CustomerResponse, ErrorResponse } from './customer.response.dto';
import { crossReferenceQuery, customerIdParameter, type CrossReferenceQuery } from './customers.schemas';
import { ParsedWith } from '@concord/service-runtime';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly queryCustomers: QueryCustomers) {}

  @Get(':customerId')
  @ApiOperation({ summary: 'A golden customer record by its canonical id' })
  @ApiParam({ name: 'customerId', format: 'uuid' })
  @ApiOkResponse({ type: CustomerResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such customer' })
  async customer(@Param('customerId', new ParsedWith(customerIdParameter, 'customerId')) customerId: string): Promise<CustomerView> {
    return (await this.queryCustomers.byId(customerId)) ?? notFound(`customers has no customer ${customerId}`);
  }

  @Get()
  @ApiOperation({ summary: 'The golden record of the customer a source system knows by an id (the cross-reference table)' })
  @ApiQuery({ name: 'sourceSystem', enum: SYSTEMS, required: true })
  @ApiQuery({ name: 'externalId', required: true, example: '123' })
  @ApiOkResponse({ type: CustomerResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No customer is linked to that id' })
  async customerByCrossReference(@Query(new ParsedWith(crossReferenceQuery)) query: CrossReferenceQuery): Promise<CustomerView> {
    return (
      (await this.queryCustomers.byCrossReference({ sourceSystem: query.sourceSystem, externalId: query.externalId })) ??
      notFound(`no customer is linked to ${query.sourceSystem} id ${query.externalId}`)
    );
  }
}

function notFound(message: string): never {
  throw new NotFoundException({ statusCode: 404, error: 'Not Found', message });
}
