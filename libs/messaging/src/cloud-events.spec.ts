import { cloudEventHeaders, headerValue, readCloudEvent } from './cloud-events';
import { deadLetterTopic } from './dead-letter/dead-letter-publisher';

describe('CloudEvents binary mode headers', () => {
  const attributes = {
    id: '3f1c9a56-0e4b-4c8e-9a57-5b1b1f0a3c11',
    source: '/concord/orders',
    type: 'concord.orders.OrderAccepted.v1',
    subject: 'ORD-1',
    time: '2026-11-26T10:00:00.000Z',
  };

  it('carries every required attribute, the content type and the traceparent', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(cloudEventHeaders(attributes, traceparent)).toEqual({
      ce_specversion: '1.0',
      ce_id: attributes.id,
      ce_source: attributes.source,
      ce_type: attributes.type,
      ce_time: attributes.time,
      ce_subject: 'ORD-1',
      'content-type': 'application/avro',
      traceparent,
    });
  });

  it('reads attributes back from the Buffers kafkajs delivers', () => {
    const headers = Object.fromEntries(Object.entries(cloudEventHeaders(attributes)).map(([k, v]) => [k, Buffer.from(v)]));
    expect(readCloudEvent(headers)).toEqual(attributes);
  });

  it('leaves attributes a source omitted undefined', () => {
    expect(readCloudEvent({ ce_source: Buffer.from('/wms') })).toEqual({ source: '/wms', id: undefined, type: undefined, subject: undefined, time: undefined });
    expect(headerValue(undefined, 'ce_id')).toBeUndefined();
  });
});

describe('deadLetterTopic', () => {
  it('is <topic>.<consumer-group>.dlt', () => {
    expect(deadLetterTopic('orders.order-placed.v1', 'orders')).toBe('orders.order-placed.v1.orders.dlt');
  });
});
