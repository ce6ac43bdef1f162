import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brokerReadinessCheck, databaseReadinessCheck, schemaRegistryReadinessCheck, type ClusterAdmin } from './readiness-checks';

const never = () => new Promise<never>(() => undefined);

describe('databaseReadinessCheck', () => {
  it('is up when SELECT 1 answers', async () => {
    const queries: string[] = [];
    await databaseReadinessCheck({ query: async (sql) => queries.push(sql) }).check();
    expect(queries).toEqual(['SELECT 1']);
  });

  it('is down, saying so, when the database does not answer within the timeout', async () => {
    await expect(databaseReadinessCheck({ query: never }, 50).check()).rejects.toThrow('SELECT 1: no answer within 50 ms');
  });
});

describe('brokerReadinessCheck', () => {
  function fakeAdmin(overrides: Partial<ClusterAdmin> = {}) {
    const calls = { connect: 0, describe: 0 };
    const admin: ClusterAdmin = {
      connect: async () => void calls.connect++,
      describeCluster: async () => {
        calls.describe++;
        return { brokers: [{ nodeId: 1 }] };
      },
      ...overrides,
    };
    return { admin, calls };
  }

  it('connects one admin client once and describes the cluster on every probe', async () => {
    const { admin, calls } = fakeAdmin();
    const check = brokerReadinessCheck(admin);
    await check.check();
    await check.check();
    expect(calls).toEqual({ connect: 1, describe: 2 });
  });

  it('connects again on the next probe after a failed connect', async () => {
    let attempts = 0;
    const { admin } = fakeAdmin({
      connect: async () => {
        if (attempts++ === 0) throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
      },
    });
    const check = brokerReadinessCheck(admin);
    await expect(check.check()).rejects.toThrow('ECONNREFUSED');
    await expect(check.check()).resolves.toBeUndefined();
    expect(attempts).toBe(2);
  });

  it('is down when the cluster does not answer within the timeout', async () => {
    const { admin } = fakeAdmin({ describeCluster: never });
    await expect(brokerReadinessCheck(admin, 50).check()).rejects.toThrow('describing the cluster: no answer within 50 ms');
  });
});

describe('schemaRegistryReadinessCheck', () => {
  let server: Server;
  let url: string;
  let respond: (request: { url?: string; authorization?: string }) => number;

  beforeEach(async () => {
    server = createServer((request, response) => {
      const status = respond({ url: request.url, authorization: request.headers.authorization });
      if (status === 0) return; // never answer
      response.writeHead(status).end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/ccompat/v7`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is up when GET /subjects answers 200, sending basic auth when configured', async () => {
    const seen: { url?: string; authorization?: string }[] = [];
    respond = (request) => (seen.push(request), 200);
    await schemaRegistryReadinessCheck(url, { auth: { username: 'svc', password: 'pw' } }).check();
    expect(seen).toEqual([{ url: '/apis/ccompat/v7/subjects', authorization: `Basic ${Buffer.from('svc:pw').toString('base64')}` }]);
  });

  it('is down naming the status when the registry refuses', async () => {
    respond = () => 401;
    await expect(schemaRegistryReadinessCheck(url).check()).rejects.toThrow('GET /subjects answered 401');
  });

  it('is down when the registry does not answer within the timeout', async () => {
    respond = () => 0;
    await expect(schemaRegistryReadinessCheck(url, { timeoutMs: 100 }).check()).rejects.toThrow('no answer within 100 ms');
  });

  it('is down naming the cause when nothing listens', async () => {
    respond = () => 200;
    const closedUrl = url;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    server = createServer(); // afterEach closes this one
    server.listen(0, '127.0.0.1');
    await expect(schemaRegistryReadinessCheck(closedUrl).check()).rejects.toThrow(/ECONNREFUSED/);
  });
});
