import { uniqueName, uniqueSchemaName } from './unique-names';

describe('uniqueName', () => {
  it('keeps the prefix and differs on every call', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('orders.order-placed.v1')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^orders\.order-placed\.v1-[0-9a-f]{8}$/);
  });
});

describe('uniqueSchemaName', () => {
  const postgresIdentifier = /^[a-z_][a-z0-9_]{0,62}$/;

  it('is a lower-case Postgres identifier that needs no quoting', () => {
    expect(uniqueSchemaName('Orders-Test.v1')).toMatch(/^orders_test_v1_[0-9a-f]{12}$/);
  });

  it('differs on every call', () => {
    expect(new Set(Array.from({ length: 100 }, () => uniqueSchemaName('inventory'))).size).toBe(100);
  });

  it('starts with a letter even when the prefix starts with a digit or is empty', () => {
    expect(uniqueSchemaName('3pl')).toMatch(/^s_3pl_/);
    expect(uniqueSchemaName('')).toMatch(postgresIdentifier);
  });

  it('shortens a long prefix so that Postgres never truncates the unique suffix away', () => {
    const name = uniqueSchemaName('a'.repeat(100));
    expect(name).toMatch(postgresIdentifier);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/_[0-9a-f]{12}$/);
  });

  it('replaces characters outside [a-z0-9_], including non-ASCII ones', () => {
    expect(uniqueSchemaName('straße größe')).toMatch(/^stra_e_gr__e_[0-9a-f]{12}$/);
  });
});
