// Integration and end-to-end tests talk to a real broker, registry and database: give each test
// room for a component restart. Jest's testTimeout cannot be set per project, hence this file.
jest.setTimeout(Number(process.env.CONCORD_TEST_TIMEOUT_MS ?? 180_000));
