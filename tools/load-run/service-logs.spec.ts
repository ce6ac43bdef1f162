import { countLogEntries, normalizeMessage } from './service-logs';

describe('counting a service log', () => {
  it('hides what varies from line to line', () => {
    expect(normalizeMessage('cancellation of order 0f8fad5b-d9cb-469f-a165-70867728950e refused: ALREADY_SHIPPED')).toBe('cancellation of order # refused: ALREADY_SHIPPED');
    expect(normalizeMessage('PICK of 26 for SKU-3108024a at DC-EAST exceeds the 0 on hand')).toBe('PICK of # for # at DC-EAST exceeds the # on hand');
  });

  it('counts warnings and errors by kind, with their code or error, most frequent first, skipping the rest', () => {
    const log = [
      '{"level":"warn","msg":"handler failed; retrying","err":{"message":"deadlock detected"},"offset":"12"}',
      '{"level":"info","msg":"storefront started"}',
      '(node:123) TimeoutNegativeWarning: -1 is a negative number.',
      '{"level":"error","msg":"record dead-lettered","code":"ORDERS.UNKNOWN_ORDER"}',
      '{"level":"warn","msg":"handler failed; retrying","err":{"message":"deadlock detected"},"offset":"40"}',
      '{"level":"fatal","msg":"consumer crashed"}',
    ].join('\n');
    expect(countLogEntries(log)).toEqual([
      { level: 'warn', what: 'handler failed; retrying (deadlock detected)', count: 2 },
      { level: 'fatal', what: 'consumer crashed', count: 1 },
      { level: 'error', what: 'record dead-lettered (ORDERS.UNKNOWN_ORDER)', count: 1 },
    ]);
  });
});
