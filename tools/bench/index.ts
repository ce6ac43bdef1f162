// What other tools (the load run) use of the benchmark's process and Kafka helpers.
export { buildServices, freePort, repositoryRoot, startNodeProcess, type BenchProcess } from './bench-processes';
export { createMissingTopics, pollUntil } from './kafka-measurements';
