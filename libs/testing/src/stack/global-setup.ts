import { pingDockerEngine, type DockerEngineAnswer, type DockerPing } from './docker-engine';
import type { StartedStackContainers } from './stack-containers';
import { stackEndpoints, type StackEndpoints } from './stack-endpoints';
import { probeStack, STACK_SERVICES, type ServiceProblem, type StackService } from './stack-probes';

/**
 * Jest global setup for integration and end-to-end tests: every piece of infrastructure must answer
 * before a single test runs. The addresses come from the environment, else the local stack. Parts
 * that do not answer at their default address are started with Testcontainers when a Docker engine
 * answers; their addresses are then exported into `process.env`, which the test workers inherit, and
 * `global-teardown.ts` stops them. Every other outcome fails the run — in CI (`CI=true`) and locally
 * alike, a test never passes, or is skipped, because its infrastructure is absent.
 */
export default async function globalSetup(): Promise<void> {
  const started = await prepareStack({
    env: process.env,
    probe: probeStack,
    pingDocker: () => pingDockerEngine(process.env),
    // Loaded only when containers are needed, so that runs against the local stack do not pay for
    // loading Testcontainers and its Docker client.
    startContainers: async (services) => (await import('./stack-containers')).startStackContainers(services),
  });
  if (started !== undefined) rememberForTeardown(started);
}

/** What the setup needs from the world; unit tests pass fakes (a Docker engine that answers or not). */
export interface StackSetupDependencies {
  /** Read for the addresses, and written with those of started containers. */
  env: NodeJS.ProcessEnv;
  probe(endpoints: StackEndpoints): Promise<ServiceProblem[]>;
  pingDocker: DockerPing;
  startContainers(services: readonly StackService[]): Promise<StartedStackContainers>;
}

/**
 * Makes sure every service answers: resolves with the containers it started (none when the stack
 * was already there) or throws a message that says what is missing and what to do.
 */
export async function prepareStack(deps: StackSetupDependencies): Promise<StartedStackContainers | undefined> {
  const problems = await deps.probe(stackEndpoints(deps.env));
  if (problems.length === 0) return undefined;

  const pinned = variablesPinningMissingServices(problems, deps.env);
  if (pinned.length > 0) {
    const variables = `${pinned.join(', ')} ${pinned.length === 1 ? 'is' : 'are'} set in the environment`;
    throw stackUnavailable(problems, `${variables}, and no container stands in for an address chosen there.`);
  }
  const docker = await deps.pingDocker();
  if (!docker.answers) throw stackUnavailable(problems, noDockerExplanation(docker));

  const started = await deps.startContainers(missingServices(problems)).catch((error: unknown) => {
    throw stackUnavailable(problems, `A Docker engine answers at ${docker.address}, but ${error instanceof Error ? error.message : String(error)}.`);
  });
  Object.assign(deps.env, started.env);
  const remaining = await deps.probe(stackEndpoints(deps.env));
  if (remaining.length > 0) {
    await started.stop();
    throw stackUnavailable(remaining, `These run in containers Testcontainers started on the Docker engine at ${docker.address}, and did not come up.`);
  }
  return started;
}

/** The variables that point at each service; a service one of them names is not replaced. */
const SERVICE_VARIABLES: Record<StackService, string[]> = {
  kafka: ['KAFKA_BROKERS'],
  schemaRegistry: ['SCHEMA_REGISTRY_URL'],
  postgres: ['DATABASE_URL'],
  jaeger: ['OTEL_EXPORTER_OTLP_ENDPOINT', 'JAEGER_QUERY_URL'],
};

/**
 * The variables behind unanswered services that were set explicitly: someone chose that address,
 * so a container elsewhere would test something other than what they asked for.
 */
function variablesPinningMissingServices(problems: readonly ServiceProblem[], env: NodeJS.ProcessEnv): string[] {
  return missingServices(problems).flatMap((service) => SERVICE_VARIABLES[service].filter((variable) => env[variable] !== undefined));
}

/** Each unanswered service once, in a stable order. */
function missingServices(problems: readonly ServiceProblem[]): StackService[] {
  return STACK_SERVICES.filter((service) => problems.some((problem) => problem.service === service));
}

function noDockerExplanation(docker: Extract<DockerEngineAnswer, { answers: false }>): string {
  return `No Docker engine answers either (${docker.address}: ${docker.reason}), so Testcontainers cannot stand in for them.`;
}

function stackUnavailable(problems: readonly ServiceProblem[], explanation: string): Error {
  return new Error(
    `integration tests need the real stack, and these parts do not answer:\n  ${problems.map((problem) => problem.description).join('\n  ')}\n` +
      `${explanation}\n` +
      'Start it with `./concord stack up`, or point KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL, OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_QUERY_URL at yours.',
  );
}

// Jest runs the global setup and teardown in one process and lets them share globals (only them).
const STARTED_CONTAINERS = Symbol.for('concord.testing.startedStackContainers');
type WithStartedContainers = typeof globalThis & { [STARTED_CONTAINERS]?: StartedStackContainers[] };

function rememberForTeardown(started: StartedStackContainers): void {
  const global = globalThis as WithStartedContainers;
  (global[STARTED_CONTAINERS] ??= []).push(started);
}

/** Stops the containers the global setup started (none when the local stack answered). */
export async function stopContainersStartedBySetup(): Promise<void> {
  const global = globalThis as WithStartedContainers;
  const started = global[STARTED_CONTAINERS] ?? [];
  global[STARTED_CONTAINERS] = [];
  await Promise.all(started.map((containers) => containers.stop()));
}
