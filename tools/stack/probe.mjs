// Readiness probes for the local stack, called by stack.sh. Each probe exits 0 when the component
// answers a real request (not just an open port) and 1 otherwise, printing why on stderr.
//   node probe.mjs postgres <url>        SELECT 1
//   node probe.mjs postgres-init <url> <db>...   create the named databases if missing
//   node probe.mjs kafka <host:port>      cluster metadata answers with a controller
//   node probe.mjs http <url>             answers 2xx
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [command, ...args] = process.argv.slice(2);

async function postgres(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}

async function postgresInit(url, databases) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    for (const db of databases) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (rowCount === 0) await client.query(`CREATE DATABASE "${db.replace(/"/g, '')}"`);
    }
  } finally {
    await client.end();
  }
}

async function kafka(broker) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null) throw new Error('no controller yet');
  } finally {
    await admin.disconnect();
  }
}

async function http(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

const probes = {
  postgres: () => postgres(args[0]),
  'postgres-init': () => postgresInit(args[0], args.slice(1)),
  kafka: () => kafka(args[0]),
  http: () => http(args[0]),
};

if (!probes[command]) {
  console.error(`unknown probe "${command}"; expected one of ${Object.keys(probes).join(', ')}`);
  process.exit(2);
}
probes[command]().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
