import type { DockerEngineAnswer } from './docker-engine';
import { prepareStack, type StackSetupDependencies } from './global-setup';
import type { StackEnvironment } from './stack-containers';
import { stackEndpoints, type StackEndpoints } from './stack-endpoints';
import { STACK_SERVICES, type StackService } from './stack-probes';

const addressOf = (service: StackService, endpoints: StackEndpoints): string =>
  ({
    kafka: endpoints.kafkaBrokers.join(','),
    schemaRegistry: endpoints.schemaRegistryUrl,
    postgres: endpoints.databaseUrl,
    jaeger: endpoints.jaegerQueryUrl,
  })[service];

const CONTAINER_ENV: Record<StackService, StackEnvironment> = {
  kafka: { KAFKA_BROKERS: 'localhost:32770' },
  schemaRegistry: { SCHEMA_REGISTRY_URL: 'http://localhost:32771/apis/ccompat/v7' },
  postgres: { DATABASE_URL: 'postgres://concord:concord@localhost:32772/concord' },
  jaeger: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:32773', JAEGER_QUERY_URL: 'http://localhost:32774' },
};

const NO_DOCKER: DockerEngineAnswer = { answers: false, address: 'unix:///var/run/docker.sock', reason: 'connect ENOENT /var/run/docker.sock' };
const DOCKER: DockerEngineAnswer = { answers: true, address: 'unix:///var/run/docker.sock' };

/**
 * A world of addresses that answer or not: the local stack runs `running`, the Docker engine answers
 * per `docker`, and containers answer once started unless `containersAnswer` is false.
 */
function fakeWorld({ running, docker, env = {}, containersAnswer = true }: { running: StackService[]; docker: DockerEngineAnswer; env?: NodeJS.ProcessEnv; containersAnswer?: boolean }) {
  const local = stackEndpoints({});
  const answering = new Set(running.map((service) => addressOf(service, local)));
  const seen = { pings: 0, started: [] as StackService[][], stops: 0 };
  const deps: StackSetupDependencies = {
    env,
    probe: async (endpoints) =>
      STACK_SERVICES.filter((service) => !answering.has(addressOf(service, endpoints))).map((service) => ({
        service,
        description: `${service} at ${addressOf(service, endpoints)}: connect ECONNREFUSED`,
      })),
    pingDocker: async () => {
      seen.pings++;
      return docker;
    },
    startContainers: async (services) => {
      seen.started.push([...services]);
      const containerEnv: StackEnvironment = Object.assign({}, ...services.map((service) => CONTAINER_ENV[service]));
      if (containersAnswer) for (const service of services) answering.add(addressOf(service, stackEndpoints(containerEnv)));
      return { env: containerEnv, stop: async () => void seen.stops++ };
    },
  };
  return { deps, env, seen };
}

describe('preparing the stack for integration tests', () => {
  describe('when every service answers', () => {
    it('neither asks for Docker nor starts containers', async () => {
      const { deps, env, seen } = fakeWorld({ running: [...STACK_SERVICES], docker: DOCKER });
      await expect(prepareStack(deps)).resolves.toBeUndefined();
      expect(seen).toEqual({ pings: 0, started: [], stops: 0 });
      expect(env).toEqual({});
    });
  });

  describe('when services do not answer at their default addresses and a Docker engine answers', () => {
    it('starts containers for exactly the missing services and exports their addresses', async () => {
      const { deps, env, seen } = fakeWorld({ running: ['kafka', 'postgres'], docker: DOCKER });
      const started = await prepareStack(deps);
      expect(seen.started).toEqual([['schemaRegistry', 'jaeger']]);
      expect(started?.env).toEqual({ ...CONTAINER_ENV.schemaRegistry, ...CONTAINER_ENV.jaeger });
      expect(env).toEqual({ ...CONTAINER_ENV.schemaRegistry, ...CONTAINER_ENV.jaeger });
    });

    it('starts the whole stack when nothing runs, also in CI', async () => {
      const { deps, env, seen } = fakeWorld({ running: [], docker: DOCKER, env: { CI: 'true' } });
      await prepareStack(deps);
      expect(seen.started).toEqual([['kafka', 'schemaRegistry', 'postgres', 'jaeger']]);
      expect(env.KAFKA_BROKERS).toBe('localhost:32770');
    });

    it('fails, and stops the containers, when a started container does not answer either', async () => {
      const { deps, seen } = fakeWorld({ running: ['kafka', 'schemaRegistry', 'jaeger'], docker: DOCKER, containersAnswer: false });
      await expect(prepareStack(deps)).rejects.toThrow(/postgres at postgres:\/\/concord:concord@localhost:32772\/concord[^\n]*\nThese run in containers Testcontainers started/);
      expect(seen.stops).toBe(1);
    });

    it('fails naming the missing parts when Testcontainers cannot start a container', async () => {
      const { deps } = fakeWorld({ running: ['kafka', 'postgres', 'jaeger'], docker: DOCKER });
      deps.startContainers = async () => {
        throw new Error('Testcontainers could not start schemaRegistry: image pull failed');
      };
      await expect(prepareStack(deps)).rejects.toThrow(
        /schemaRegistry at http:\/\/127\.0\.0\.1:8081[^\n]*\nA Docker engine answers at unix:\/\/\/var\/run\/docker\.sock, but Testcontainers could not start schemaRegistry: image pull failed\./,
      );
    });
  });

  describe('when services do not answer and no Docker engine answers', () => {
    it('fails naming each missing part, why Docker cannot help, and how to start the stack', async () => {
      const { deps, seen } = fakeWorld({ running: ['postgres', 'jaeger'], docker: NO_DOCKER });
      const failure = prepareStack(deps);
      await expect(failure).rejects.toThrow('kafka at 127.0.0.1:9092: connect ECONNREFUSED');
      await expect(failure).rejects.toThrow('schemaRegistry at http://127.0.0.1:8081/apis/ccompat/v7');
      await expect(failure).rejects.toThrow('No Docker engine answers either (unix:///var/run/docker.sock: connect ENOENT /var/run/docker.sock)');
      await expect(failure).rejects.toThrow('./concord stack up');
      expect(seen.started).toEqual([]);
    });

    it('fails in CI too: a missing service is never a skipped test', async () => {
      const { deps } = fakeWorld({ running: ['kafka', 'schemaRegistry', 'postgres'], docker: NO_DOCKER, env: { CI: 'true' } });
      await expect(prepareStack(deps)).rejects.toThrow(/these parts do not answer:\n {2}jaeger at/);
    });
  });

  describe('when a service that does not answer has its address set in the environment', () => {
    it('fails without asking for Docker, naming the variable', async () => {
      const { deps, seen } = fakeWorld({ running: ['schemaRegistry', 'postgres', 'jaeger'], docker: DOCKER, env: { KAFKA_BROKERS: 'kafka.example:9092' } });
      await expect(prepareStack(deps)).rejects.toThrow('KAFKA_BROKERS is set in the environment, and no container stands in for an address chosen there.');
      expect(seen.pings).toBe(0);
      expect(seen.started).toEqual([]);
    });
  });
});
