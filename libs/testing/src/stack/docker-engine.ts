import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import path from 'node:path';

/** Whether a Docker (or Docker-compatible) engine answered, at which address, and if not why. */
export type DockerEngineAnswer = { answers: true; address: string } | { answers: false; address: string; reason: string };

/** Asks the engine whether it is there; the global setup receives one (a fake one in unit tests). */
export type DockerPing = () => Promise<DockerEngineAnswer>;

const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/**
 * Pings the engine at `DOCKER_HOST` (unix:// or tcp://, TLS when `DOCKER_TLS_VERIFY=1`), else at
 * /var/run/docker.sock, with `GET /_ping` — the endpoint Testcontainers uses the same way. Never
 * throws: an absent socket, a refused connection or no answer within `timeoutMs` is "does not answer".
 */
export function pingDockerEngine(env: NodeJS.ProcessEnv = process.env, timeoutMs = 2000): Promise<DockerEngineAnswer> {
  const address = env.DOCKER_HOST?.trim() || DEFAULT_DOCKER_HOST;
  const target = pingTarget(address, env);
  if (typeof target === 'string') return Promise.resolve({ answers: false, address, reason: target });
  return new Promise((resolve) => {
    const request = (target.secure ? https : http).get({ ...target.options, path: '/_ping', signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? { answers: true, address } : { answers: false, address, reason: `/_ping answered ${response.statusCode}` });
    });
    request.on('error', (error) => {
      const reason = error.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : error.message;
      resolve({ answers: false, address, reason });
    });
  });
}

/** How to reach the engine at `address`, or why it cannot be pinged. */
function pingTarget(address: string, env: NodeJS.ProcessEnv): { options: https.RequestOptions; secure: boolean } | string {
  if (address.startsWith('unix://')) return { options: { socketPath: address.slice('unix://'.length) }, secure: false };
  if (!address.startsWith('tcp://')) return 'only unix:// and tcp:// Docker hosts are supported';
  const { hostname, port } = new URL(address.replace(/^tcp:/, 'http:'));
  if (env.DOCKER_TLS_VERIFY !== '1') return { options: { host: hostname, port: port || 2375 }, secure: false };
  const certificates = env.DOCKER_CERT_PATH ?? path.join(homedir(), '.docker');
  try {
    const read = (file: string) => readFileSync(path.join(certificates, file));
    return { options: { host: hostname, port: port || 2376, ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') }, secure: true };
  } catch (error) {
    return `cannot read the TLS certificates in ${certificates}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
