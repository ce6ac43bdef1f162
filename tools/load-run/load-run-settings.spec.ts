import { loadRunSettings } from './load-run-settings';

describe('load run settings', () => {
  it('defaults to the issue’s run: 100,000 orders, 5 % bad', () => {
    const settings = loadRunSettings({});
    expect(settings.LOAD_ORDERS).toBe(100_000);
    expect(settings.LOAD_BAD_SHARE).toBe(0.05);
    expect(settings.LOAD_REPORT).toBe('docs/load-run.md');
    expect(settings.LOAD_SKIP_BUILD).toBe(false);
    expect(settings.LOAD_KEEP_STATE).toBe(false);
  });

  it('reads the environment, an empty value counting as unset', () => {
    const settings = loadRunSettings({ LOAD_ORDERS: '2000', LOAD_RATE: '150.5', LOAD_CANCEL_SHARE: '0', LOAD_TIMEOUT_S: '', LOAD_KEEP_STATE: '1' });
    expect(settings).toMatchObject({ LOAD_ORDERS: 2000, LOAD_RATE: 150.5, LOAD_CANCEL_SHARE: 0, LOAD_TIMEOUT_S: 7200, LOAD_KEEP_STATE: true });
  });

  it('names every bad variable with what it got', () => {
    expect(() => loadRunSettings({ LOAD_ORDERS: '1e9', LOAD_RATE: 'fast', LOAD_BAD_SHARE: '1.5', LOAD_SKIP_BUILD: 'yes' })).toThrow(
      [
        'invalid load run settings:',
        '  LOAD_ORDERS: expected a whole number from 1 to 1000000 (got "1e9")',
        '  LOAD_RATE: expected a number (got "fast")',
        '  LOAD_BAD_SHARE: expected a share from 0 to 1 (got "1.5")',
        '  LOAD_SKIP_BUILD: expected 0 or 1 (got "yes")',
      ].join('\n'),
    );
  });

  it('reads extra settings for the services as NAME=value pairs; by default none', () => {
    expect(loadRunSettings({}).LOAD_SERVICE_ENV).toEqual({});
    expect(loadRunSettings({ LOAD_SERVICE_ENV: '' }).LOAD_SERVICE_ENV).toEqual({});
    expect(loadRunSettings({ LOAD_SERVICE_ENV: ' INVENTORY_CONSUMER_CHUNK_SIZE=20  ORDERS_DB_POOL_SIZE=12 ' }).LOAD_SERVICE_ENV).toEqual({
      INVENTORY_CONSUMER_CHUNK_SIZE: '20',
      ORDERS_DB_POOL_SIZE: '12',
    });
    expect(() => loadRunSettings({ LOAD_SERVICE_ENV: 'chunk=20' })).toThrow('LOAD_SERVICE_ENV: expected NAME=value pairs separated by spaces (got "chunk=20")');
  });

  it('refuses bad and new-customer shares that add up to more than all orders', () => {
    expect(() => loadRunSettings({ LOAD_BAD_SHARE: '0.6', LOAD_NEW_CUSTOMER_SHARE: '0.5' })).toThrow('LOAD_NEW_CUSTOMER_SHARE: together with LOAD_BAD_SHARE (0.6) it exceeds 1 (got "0.5")');
  });
});
