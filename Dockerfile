# syntax=docker/dockerfile:1
# One image for every Concord service. Which service a container runs is chosen by the SERVICE
# environment variable (or baked in as a default with --build-arg SERVICE=<name>):
#
#   docker build -t concord .
#   docker run -e SERVICE=inventory -e HTTP_PORT=3001 -p 3001:3001 concord
#   docker build --build-arg SERVICE=orders -t concord-orders .   # SERVICE defaults to orders
#
# Services: inventory, orders, pricing, customers, catalog, reconciliation, simulator.
# Configuration is the environment (libs/config): KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL,
# OTEL_EXPORTER_OTLP_ENDPOINT, HTTP_HOST, HTTP_PORT, LOG_LEVEL, SHUTDOWN_TIMEOUT_MS.

ARG NODE_IMAGE=node:24-slim

# --- deps: production dependencies only, exactly as locked ---------------------------------------
# Install scripts are not run: compiling and running need none of them (package.json "allowScripts"
# lists the few the local tooling allows, e.g. the embedded Postgres of the no-Docker stack, which
# the image does not use).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# --- build: every dependency, then services/ libs/ schemas/ compiled to dist/ ----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true
# Dependencies first so this layer is reused until package-lock.json changes.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY . .
RUN node tools/build/build.mjs

# --- runtime: node, the production node_modules (dev dependencies pruned by installing without
# them, from the same lockfile) and dist/; runs as an unprivileged user ---------------------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=""
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    SERVICE=${SERVICE}
WORKDIR /app

# Owned by root and not writable by the service user: the application never modifies its own code.
# The working directory mirrors the repository root, where services resolve their data files:
# charter/charter.yaml (the governance charter; mount another over it to change it) and schemas/.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
COPY --from=build /app/charter ./charter
COPY --from=build /app/schemas ./schemas

# The numeric id of the image's 'node' user, so Kubernetes can verify runAsNonRoot.
USER 1000:1000

# Default HTTP ports: inventory 3001, orders 3002, pricing 3003, customers 3004, catalog 3005,
# reconciliation 3006, simulator 3007 (override with HTTP_PORT).
EXPOSE 3001 3002 3003 3004 3005 3006 3007

# exec: node becomes PID 1 and receives SIGTERM itself, so graceful shutdown (drain HTTP, stop
# consumers, flush the outbox) runs on `docker stop` and on pod termination. Source maps as in
# tools/run: stack traces name the TypeScript files and lines.
CMD ["/bin/sh", "-c", "if [ -z \"$SERVICE\" ]; then echo 'concord: set SERVICE to one of inventory, orders, pricing, customers, catalog, reconciliation, simulator' >&2; exit 64; fi; main=\"dist/services/$SERVICE/src/main.js\"; if [ ! -f \"$main\" ]; then echo \"concord: unknown SERVICE '$SERVICE' (no $main)\" >&2; exit 64; fi; exec node --enable-source-maps \"$main\""]
