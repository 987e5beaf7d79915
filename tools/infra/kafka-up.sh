#!/usr/bin/env bash
# Start the Weft dev/CI Kafka broker (single KRaft node, broker+controller) from
# its Maven Central jars, and wait until a kafkajs produce/consume round trip works.
#
# Idempotent: fetches the jars only when infra/kafka/lib/ is missing or stale,
# formats storage only once, and does not start a second broker when one is
# already running (it then only re-runs the readiness check).
#
# Needs: java 17+, mvn (first run only), node, and kafkajs installed at the repo root.
# Env:
#   KAFKA_BROKERS          bootstrap address(es) for the readiness check (default 127.0.0.1:9092)
#   KAFKA_READY_TIMEOUT    seconds to wait for readiness (default 90)
#   KAFKA_HEAP_OPTS        JVM heap flags (default "-Xms256m -Xmx512m")
#   KAFKA_JVM_OPTS         extra JVM flags (default: G1 with short pauses)
# Layout (all git-ignored): infra/kafka/lib/ (jars), .data/kafka/ (cluster.id,
# kafka.pid, data/ = log.dirs, logs/server.log, logs/stdout.log).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$ROOT"

KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
export KAFKA_BROKERS
READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
JVM_OPTS="${KAFKA_JVM_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"

CONF_DIR="$ROOT/infra/kafka"
POM="$CONF_DIR/pom.xml"
SERVER_PROPS="$CONF_DIR/server.properties"
LOG4J_CONF="$CONF_DIR/log4j2.properties"      # Kafka 4.x (Log4j 2)
LOG4J1_CONF="$CONF_DIR/log4j.properties"      # only if pinned back to Kafka 3.x (reload4j)
LIB="$CONF_DIR/lib"
LIB_STAMP="$LIB/.fetched-from-pom.sha256"
DATA="$ROOT/.data/kafka"
LOG_DIRS="$DATA/data"
LOGS="$DATA/logs"
PIDFILE="$DATA/kafka.pid"
CLUSTER_ID_FILE="$DATA/cluster.id"
STDOUT_LOG="$LOGS/stdout.log"
SERVER_LOG="$LOGS/server.log"

say() { printf 'kafka-up: %s\n' "$*"; }
die() { printf 'kafka-up: ERROR: %s\n' "$*" >&2; exit 1; }

show_logs() {
  local f cause
  for f in "$SERVER_LOG" "$STDOUT_LOG"; do
    if [[ -s "$f" ]]; then
      printf '\n----- last 40 lines of %s -----\n' "${f#"$ROOT"/}" >&2
      tail -n 40 "$f" >&2
    fi
  done
  # The innermost "Caused by" of the last stack trace is usually the real reason.
  if [[ -s "$STDOUT_LOG" ]]; then
    cause="$(grep -E '^Caused by: |ERROR' "$STDOUT_LOG" | tail -n1 || true)"
    [[ -n "$cause" ]] && printf '\nkafka-up: likely cause: %s\n' "$cause" >&2
  fi
  return 0
}

# --- prerequisites ---------------------------------------------------------
command -v java >/dev/null 2>&1 || die "java not found (Kafka needs Java 17+)"
command -v node >/dev/null 2>&1 || die "node not found (the readiness check uses kafkajs)"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
java_major="${java_major#1.}"
if ! [[ "$java_major" =~ ^[0-9]+$ ]] || (( java_major < 17 )); then
  die "Java 17+ required, found '${java_major:-unknown}' ($(command -v java))"
fi
# kafkajs must resolve from the repo (node_modules at the root); fail fast if not.
node --input-type=module -e "await import('kafkajs')" >/dev/null 2>&1 \
  || die "kafkajs is not installed at the repo root (run 'npm ci' first); the readiness check needs it"

broker_host="${KAFKA_BROKERS%%,*}"
broker_port="${broker_host##*:}"
broker_host="${broker_host%:*}"
port_open() { (exec 3<>"/dev/tcp/$broker_host/$broker_port") 2>/dev/null; }
controller_port="$(sed -n 's/^listeners=.*CONTROLLER:\/\/[^,]*:\([0-9][0-9]*\).*/\1/p' "$SERVER_PROPS")"

# Is PID a broker started from this checkout? (guards against PID reuse)
is_our_broker() {
  local pid="$1" cmd=""
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  elif command -v ps >/dev/null 2>&1; then
    cmd="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmd" == *kafka.Kafka*"$SERVER_PROPS"* ]]
}

# A broker of this checkout whose pid file got lost (e.g. .data deleted while running).
find_our_broker() {
  local d pid
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    is_our_broker "$pid" && { echo "$pid"; return 0; }
  done
  return 1
}

# --- 1. jars ----------------------------------------------------------------
pom_sum="$(sha256sum "$POM" | cut -d' ' -f1)"
if [[ ! -f "$LIB_STAMP" || "$(cat "$LIB_STAMP")" != "$pom_sum" ]] || ! compgen -G "$LIB/kafka_2.13-*.jar" >/dev/null; then
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to fetch the Kafka jars into infra/kafka/lib/)"
  say "fetching Kafka jars from Maven Central into infra/kafka/lib/ ..."
  tmp_lib="$CONF_DIR/.lib.tmp.$$"
  rm -rf "$tmp_lib"
  trap 'rm -rf "$tmp_lib"' EXIT
  mkdir -p "$LOGS"
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp_lib" -DincludeScope=runtime >"$LOGS/mvn.log" 2>&1; then
    cat "$LOGS/mvn.log" >&2
    die "mvn dependency:copy-dependencies failed (output above, also in .data/kafka/logs/mvn.log)"
  fi
  compgen -G "$tmp_lib/kafka_2.13-*.jar" >/dev/null || die "mvn ran but no kafka_2.13 jar was copied"
  rm -rf "$LIB"
  mv "$tmp_lib" "$LIB"
  trap - EXIT
  echo "$pom_sum" >"$LIB_STAMP"
fi
CLASSPATH_GLOB="$LIB/*"
LOG_OPTS=(-Dkafka.logs.dir="$LOGS" -Dlog4j2.configurationFile="$LOG4J_CONF")
[[ -f "$LOG4J1_CONF" ]] && LOG_OPTS+=(-Dlog4j.configuration="file:$LOG4J1_CONF")

# --- 2. storage -------------------------------------------------------------
mkdir -p "$LOG_DIRS" "$LOGS"
if [[ ! -f "$LOG_DIRS/meta.properties" ]]; then
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  else
    cluster_id="$(java -cp "$CLASSPATH_GLOB" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 | tr -d '[:space:]')"
    [[ -n "$cluster_id" ]] || die "could not generate a cluster id with kafka.tools.StorageTool"
  fi
  say "formatting .data/kafka/data with cluster id $cluster_id"
  java "${LOG_OPTS[@]}" -cp "$CLASSPATH_GLOB" \
    kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$SERVER_PROPS" \
    >"$LOGS/format.log" 2>&1 || { cat "$LOGS/format.log" >&2; die "storage format failed"; }
  echo "$cluster_id" >"$CLUSTER_ID_FILE"
elif [[ ! -s "$CLUSTER_ID_FILE" ]]; then
  sed -n 's/^cluster\.id=//p' "$LOG_DIRS/meta.properties" >"$CLUSTER_ID_FILE"
fi

# --- 3. start (unless running) ------------------------------------------------
pid=""
[[ -f "$PIDFILE" ]] && pid="$(tr -d '[:space:]' <"$PIDFILE")"
if [[ -n "$pid" ]] && is_our_broker "$pid"; then
  say "broker already running (pid $pid)"
elif pid="$(find_our_broker)"; then
  say "broker already running (pid $pid, pid file restored)"
  echo "$pid" >"$PIDFILE"
else
  rm -f "$PIDFILE"
  pid=""
  if port_open; then
    say "WARNING: $broker_host:$broker_port is already served by a process this checkout did not start; not starting another broker, checking that one"
  elif [[ -n "$controller_port" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$controller_port") 2>/dev/null; then
    die "controller port 127.0.0.1:$controller_port (CONTROLLER listener in infra/kafka/server.properties) is used by another process"
  else
    say "starting broker (logs in .data/kafka/logs/)"
    # Keep the previous run's console output (e.g. a crash) as stdout.log.prev.
    [[ -f "$STDOUT_LOG" ]] && mv -f "$STDOUT_LOG" "$STDOUT_LOG.prev"
    # shellcheck disable=SC2086  # HEAP_OPTS/JVM_OPTS are deliberately word-split
    nohup java $HEAP_OPTS $JVM_OPTS \
      "${LOG_OPTS[@]}" -cp "$CLASSPATH_GLOB" kafka.Kafka "$SERVER_PROPS" \
      --override log.dirs="$LOG_DIRS" \
      >"$STDOUT_LOG" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
  fi
fi

# --- 4. readiness: a real round trip through kafkajs -------------------------------
start_s=$SECONDS
deadline=$((SECONDS + READY_TIMEOUT))
attempt_log="$LOGS/roundtrip.log"
last_reason="broker port $broker_host:$broker_port not open yet"
while :; do
  if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PIDFILE"
    show_logs
    die "broker process $pid exited during startup"
  fi
  if port_open; then
    left=$((deadline - SECONDS))
    (( left < 5 )) && left=5
    (( left > 30 )) && left=30
    if KAFKA_ROUNDTRIP_TIMEOUT_MS=$((left * 1000)) node "$SCRIPT_DIR/kafka-roundtrip.mjs" >"$attempt_log" 2>&1; then
      say "ready at $KAFKA_BROKERS (round trip ok after $((SECONDS - start_s)) s)"
      exit 0
    fi
    last_reason="$(tail -n1 "$attempt_log")"
  fi
  if (( SECONDS >= deadline )); then
    show_logs
    die "broker not ready after ${READY_TIMEOUT}s; last check: $last_reason"
  fi
  sleep 1
done
