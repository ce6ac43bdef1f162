import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pingDockerEngine } from './docker-engine';

/** A stand-in engine: answers `GET /_ping` with `status`, or never answers when `status` is undefined. */
async function fakeEngine(listenOn: string | number, status: number | undefined): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (status === undefined) return;
    response.writeHead(request.url === '/_ping' ? status : 404).end('OK');
  });
  await new Promise<void>((resolve) => server.listen(listenOn, resolve));
  return server;
}

describe('pinging the Docker engine', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'concord-docker-ping-'));
  const servers: http.Server[] = [];
  const socket = (name: string) => path.join(directory, name);

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    rmSync(directory, { recursive: true, force: true });
  });

  it('reports an engine that answers /_ping on the socket named by DOCKER_HOST', async () => {
    servers.push(await fakeEngine(socket('up.sock'), 200));
    await expect(pingDockerEngine({ DOCKER_HOST: `unix://${socket('up.sock')}` })).resolves.toEqual({ answers: true, address: `unix://${socket('up.sock')}` });
  });

  it('reports an engine that answers on a tcp:// DOCKER_HOST', async () => {
    const server = await fakeEngine(0, 200);
    servers.push(server);
    const address = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(pingDockerEngine({ DOCKER_HOST: address })).resolves.toEqual({ answers: true, address });
  });

  it('asks /var/run/docker.sock when DOCKER_HOST is not set', async () => {
    const answer = await pingDockerEngine({});
    expect(answer.address).toBe('unix:///var/run/docker.sock');
  });

  it('reports a missing socket as no engine, with the reason', async () => {
    await expect(pingDockerEngine({ DOCKER_HOST: `unix://${socket('absent.sock')}` })).resolves.toMatchObject({ answers: false, reason: expect.stringContaining('ENOENT') });
  });

  it('reports an engine that answers with an error status as no engine', async () => {
    servers.push(await fakeEngine(socket('broken.sock'), 500));
    await expect(pingDockerEngine({ DOCKER_HOST: `unix://${socket('broken.sock')}` })).resolves.toMatchObject({ answers: false, reason: '/_ping answered 500' });
  });

  it('gives up on an engine that does not answer within the timeout', async () => {
    servers.push(await fakeEngine(socket('silent.sock'), undefined));
    const startedAt = Date.now();
    await expect(pingDockerEngine({ DOCKER_HOST: `unix://${socket('silent.sock')}` }, 200)).resolves.toMatchObject({ answers: false, reason: 'no answer within 200 ms' });
    expect(Date.now() - startedAt).toBeLessThan(2000);
  });

  it('reports a DOCKER_HOST scheme it cannot ping instead of guessing', async () => {
    await expect(pingDockerEngine({ DOCKER_HOST: 'ssh://builder@example' })).resolves.toMatchObject({ answers: false, reason: 'only unix:// and tcp:// Docker hosts are supported' });
  });
});
