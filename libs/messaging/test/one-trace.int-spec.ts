import { stackEndpoints, uniqueName, waitFor } from '@concord/testing';
import { startProbeProcess, type ProbeProcess } from './fixtures/probe-process';
import { createTopic, startHarness } from './messaging-harness';

const endpoints = stackEndpoints();

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  references: { refType: string; spanID: string }[];
}

describe('a flow through three services', () => {
  const run = uniqueName('trace');
  const first = `${run}-a`;
  const second = `${run}-b`;
  const third = `${run}-c`;
  const topicAB = uniqueName('test.probe-forwarded.v1');
  const topicBC = uniqueName('test.probe-forwarded-again.v1');
  const probes: ProbeProcess[] = [];

  afterAll(async () => {
    for (const probe of probes) {
      probe.child.kill('SIGTERM');
      await probe.exited;
    }
  });

  it('is one trace in Jaeger containing the spans of all three, parent to child', async () => {
    const setup = await startHarness('trace-setup');
    await createTopic(topicAB);
    await createTopic(topicBC);
    await setup.close();

    const common = { TRACING: '1' };
    probes.push(await startProbeProcess({ ...common, SERVICE_NAME: third, GROUP_ID: uniqueName('c'), CONSUME_TOPIC: topicBC }));
    probes.push(await startProbeProcess({ ...common, SERVICE_NAME: second, GROUP_ID: uniqueName('b'), CONSUME_TOPIC: topicAB, FORWARD_TOPIC: topicBC }));
    const producer = await startProbeProcess({ ...common, SERVICE_NAME: first, GROUP_ID: uniqueName('a'), SEED_TOPIC: topicAB, SEED_COUNT: '1' });
    probes.push(producer);
    const traceId = producer.lines.find((line) => line.startsWith('trace '))!.slice('trace '.length);

    const trace = await waitFor(
      async () => {
        const response = await fetch(`${endpoints.jaegerQueryUrl}/api/traces/${traceId}`);
        if (!response.ok) return undefined;
        const { data } = (await response.json()) as { data: { spans: JaegerSpan[]; processes: Record<string, { serviceName: string }> }[] };
        const found = data[0];
        const services = new Set(found.spans.map((span) => found.processes[span.processID].serviceName));
        return [first, second, third].every((s) => services.has(s)) && found.spans.some((s) => s.operationName === `process ${topicBC}`) ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: `trace ${traceId} with spans of ${first}, ${second} and ${third}` },
    );

    const byName = (operation: string) => trace.spans.find((span) => span.operationName === operation)!;
    const parentOf = (span: JaegerSpan) => span.references.find((ref) => ref.refType === 'CHILD_OF')?.spanID;
    const serviceOf = (span: JaegerSpan) => trace.processes[span.processID].serviceName;
    // seed (a) → send AB (a) → process AB (b) → send BC (b) → process BC (c)
    const chain = ['seed', `send ${topicAB}`, `process ${topicAB}`, `send ${topicBC}`, `process ${topicBC}`].map(byName);
    expect(chain.map(serviceOf)).toEqual([first, first, second, second, third]);
    for (let i = 1; i < chain.length; i++) expect(parentOf(chain[i])).toBe(chain[i - 1].spanID);
  });
});
