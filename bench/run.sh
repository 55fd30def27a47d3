#!/usr/bin/env bash
# One command for the whole benchmark: see bench/README.md.
#   bench/run.sh                      all scenarios
#   bench/run.sh steady outage        some of them
# Scenarios: steady outage hangs both-down ceiling footprint (footprint = steady + ceiling).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
OUT=$BENCH/out

SERVICE_PORT=${SERVICE_PORT:-13300}
WIREMOCK_PORT=${WIREMOCK_PORT:-18089}
BOT_LATENCY_MS=${BOT_LATENCY_MS:-50}
GRAPH_LATENCY_MS=${GRAPH_LATENCY_MS:-0}
WARMUP_S=${WARMUP_S:-10}
CEILING_STEP_S=${CEILING_STEP_S:-20}
# The service's JVM flags: the footprint target (300 MB resident) is measured with these.
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-"-XX:+UseSerialGC -Xms64m -Xmx192m \
-XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k"}
GATLING_JAVA_OPTS=${GATLING_JAVA_OPTS:-"-Xms512m -Xmx1g -XX:+UseParallelGC"}
APP_SECRET=bench-app-secret
SERVICE_URL=http://127.0.0.1:$SERVICE_PORT
WIREMOCK_URL=http://127.0.0.1:$WIREMOCK_PORT

SERVICE_PID=""
WIREMOCK_PID=""
DATA_DIR=""

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

ms_now() { date +%s%3N; }

# Stops what this script started, by pid: the service (whose shutdown also stops its embedded
# PostgreSQL), any PostgreSQL left on this run's data folder, and WireMock.
stop_service() {
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
  if [[ -n $DATA_DIR ]]; then
    local pids
    pids=$(pgrep -f -- "$DATA_DIR" || true)
    [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
    rm -rf "$DATA_DIR"
  fi
  DATA_DIR=""
}

stop_wiremock() {
  if [[ -n $WIREMOCK_PID ]] && kill -0 "$WIREMOCK_PID" 2>/dev/null; then
    kill -TERM "$WIREMOCK_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$WIREMOCK_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$WIREMOCK_PID" 2>/dev/null || true
  fi
  WIREMOCK_PID=""
}

cleanup() {
  stop_service
  stop_wiremock
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build() {
  if [[ -z ${SERVICE_CMD:-} && ( ! -f $ROOT/target/chatbot-load-balancer.jar \
        || ${REBUILD:-0} == 1 ) ]]; then
    log "building the service"
    (cd "$ROOT" && ./mvnw -q -DskipTests package)
  fi
  log "building the load driver (Gatling) and fetching WireMock"
  (cd "$ROOT" && ./mvnw -q -f bench/pom.xml package)
  CP=$BENCH/target/classes:$(cat "$OUT/classpath.txt")
  tool no-version-check
}

tool() { java -Djava.util.prefs.userRoot="$OUT/prefs" -cp "$CP" bench.Tool "$@"; }

# Another program on our port would answer in the service's place (seen: 403s from a stranger).
require_free_port() {
  if (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then
    log "port $1 is already in use: set $2 to a free port"
    exit 1
  fi
}

start_wiremock() {
  local dir=$1
  require_free_port "$WIREMOCK_PORT" WIREMOCK_PORT
  mkdir -p "$dir/stand-ins/mappings" "$dir/stand-ins/__files"
  for f in "$BENCH"/stand-ins/mappings/*.json; do
    sed -e "s/@BOT_LATENCY_MS@/$BOT_LATENCY_MS/g" -e "s/@GRAPH_LATENCY_MS@/$GRAPH_LATENCY_MS/g" \
      "$f" > "$dir/stand-ins/mappings/$(basename "$f")"
  done
  java -Xms256m -Xmx2g -jar "$OUT/lib/wiremock-standalone.jar" \
    --port "$WIREMOCK_PORT" --bind-address 127.0.0.1 --root-dir "$dir/stand-ins" \
    --async-response-enabled true --async-response-threads 64 --container-threads 200 \
    --max-request-journal-entries 300000 --disable-banner --global-response-templating=false \
    > "$dir/wiremock.log" 2>&1 &
  WIREMOCK_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$WIREMOCK_URL/__admin/health" > /dev/null 2>&1 && return 0
    kill -0 "$WIREMOCK_PID" 2>/dev/null || break
    sleep 0.25
  done
  log "WireMock did not start, see $dir/wiremock.log"
  exit 1
}

# Starts the service on a fresh data folder; writes the time to the first acknowledged webhook.
start_service() {
  local dir=$1
  require_free_port "$SERVICE_PORT" SERVICE_PORT
  DATA_DIR=$(mktemp -d /tmp/clb-bench-data.XXXXXX)
  local start
  start=$(ms_now)
  (
    cd "$ROOT"
    export PORT=$SERVICE_PORT APP_SECRET=$APP_SECRET VERIFY_TOKEN=bench-verify
    export PAGE_ACCESS_TOKEN=bench-page-token ADMIN_KEY=bench-admin
    export GEMINI_API_KEY=bench-gemini OPENROUTER_API_KEY=bench-openrouter
    export HUGGINGFACE_API_KEY=bench-hf
    export GEMINI_BASE_URL=$WIREMOCK_URL OPENROUTER_BASE_URL=$WIREMOCK_URL
    export HUGGINGFACE_BASE_URL=$WIREMOCK_URL GRAPH_API_BASE_URL=$WIREMOCK_URL
    export DATA_DIR
    unset DB_HOST
    # shellcheck disable=SC2086
    exec ${SERVICE_CMD:-java $SERVICE_JAVA_OPTS -jar target/chatbot-load-balancer.jar}
  ) > "$dir/service.log" 2>&1 &
  SERVICE_PID=$!
  local first
  if ! first=$(tool wait-ack "$SERVICE_URL" "$APP_SECRET" "$start" 120); then
    log "the service acknowledged no webhook within 120 s, see $dir/service.log"
    exit 1
  fi
  echo "$first" > "$dir/first-ack-ms.txt"
  log "service up, first webhook acknowledged ${first} ms after start"
}

# Where the service's memory goes: heap, and native memory when SERVICE_JAVA_OPTS has
# -XX:NativeMemoryTracking=summary.
memory_details() {
  {
    jcmd "$SERVICE_PID" GC.heap_info
    jcmd "$SERVICE_PID" VM.native_memory summary
  } > "$1" 2>&1 || true
}

rss_mb() {
  awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$SERVICE_PID/status"
}

# Proportional set size of the embedded PostgreSQL processes of this run (shared memory counted
# once), in MB.
postgres_pss_mb() {
  local total=0 pid
  for pid in $(pgrep -f -- "$DATA_DIR" || true); do
    local kb
    kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024))
}

footprint() {
  printf '%s=%s\n' "$1" "$2" >> "$RUN/footprint.properties"
}

# Usage: load DIR TAG SECONDS key=value...   (keys of WebhookSimulation, without "bench.")
load() {
  local dir=$1 tag=$2 seconds=$3
  shift 3
  local props=()
  for kv in "$@"; do props+=("-Dbench.$kv"); done
  mkdir -p "$dir"
  cut -d ' ' -f 1 /proc/loadavg > "$dir/loadavg.txt"
  if awk '{ exit !($1 > 1.5) }' /proc/loadavg; then
    log "warning: load average $(cat "$dir/loadavg.txt") before this load: something else runs"
  fi
  # shellcheck disable=SC2086
  timeout $((seconds + 180)) java $GATLING_JAVA_OPTS -cp "$CP" \
    --add-opens java.base/java.lang=ALL-UNNAMED -Djava.util.prefs.userRoot="$OUT/prefs" \
    -Dbench.service="$SERVICE_URL" -Dbench.wiremock="$WIREMOCK_URL" -Dbench.secret="$APP_SECRET" \
    -Dbench.tag="$tag" -Dbench.out="$dir" "${props[@]}" \
    io.gatling.app.Gatling -s bench.WebhookSimulation -rf "$dir/gatling" -l maven -btv 3.9 \
    > "$dir/gatling.log" 2>&1 || log "Gatling ended with an error, see $dir/gatling.log"
  if ! kill -0 "$SERVICE_PID" 2> /dev/null; then
    log "the service is gone (pid $SERVICE_PID), see $dir/../service.log or $dir/service.log"
    echo "service process ended during the load" > "$dir/incident.txt"
  fi
}

# Waits until the Graph stand-in has seen no new reply for 3 s (at most $1 seconds).
wait_quiet() {
  local limit=$1 last=-1 same=0 count
  for _ in $(seq 1 "$limit"); do
    count=$(curl -s -X POST "$WIREMOCK_URL/__admin/requests/count" \
      -d '{"method":"POST","urlPathPattern":"/v[0-9.]+/me/messages"}' \
      | tr -dc '0-9')
    if [[ $count == "$last" ]]; then same=$((same + 1)); else same=0; last=$count; fi
    [[ $same -ge 3 ]] && return 0
    sleep 1
  done
}

add_fault() {
  curl -sf -X POST "$WIREMOCK_URL/__admin/mappings" --data-binary "@$BENCH/stand-ins/faults/$1" \
    > /dev/null
}

# Usage: rate_scenario NAME RATE SECONDS USERS DRAIN [faults] [fault-at seconds | start]
rate_scenario() {
  local name=$1 rate=$2 seconds=$3 users=$4 drain=$5 faults=${6:-} fault_at=${7:-10}
  local dir=$RUN/$name
  log "scenario $name: $rate msg/s for $seconds s (+ ${WARMUP_S} s warm-up) over $users users"
  mkdir -p "$dir"
  start_wiremock "$dir"
  start_service "$dir"
  local extra=()
  if [[ $fault_at == start ]]; then
    for f in ${faults//,/ }; do add_fault "$f"; done
  elif [[ -n $faults ]]; then
    local files=()
    for f in ${faults//,/ }; do files+=("$BENCH/stand-ins/faults/$f"); done
    extra=("faults=$(IFS=,; echo "${files[*]}")" "faultAt=$fault_at")
  fi
  load "$dir" "$(echo "$name" | tr -dc 'a-z')" "$((seconds + WARMUP_S))" mode=open \
    rate="$rate" duration="$seconds" warmup="$WARMUP_S" users="$users" "${extra[@]}"
  tool report "$name" "$dir" "$WIREMOCK_URL" "$SERVICE_URL" "$BOT_LATENCY_MS" "$drain" \
    > "$dir/report.log" || log "report failed, see $dir/report.log"
  grep -m1 "replies seen" "$dir/report.log" >&2 || true
  if [[ $name == steady ]]; then
    footprint jvmRssAfterSteadyMb "$(rss_mb)"
    footprint postgresPssAfterSteadyMb "$(postgres_pss_mb)"
    footprint firstAckAfterStartMs "$(cat "$dir/first-ack-ms.txt")"
    memory_details "$dir/memory.txt"
  fi
  stop_service
  stop_wiremock
}

ceiling_scenario() {
  local dir=$RUN/ceiling step=$CEILING_STEP_S
  log "scenario ceiling: 200 msg/s, then 16 connections flat out, then throttled if needed"
  mkdir -p "$dir"
  start_wiremock "$dir"
  start_service "$dir"
  load "$dir/0-warmup" w "$step" mode=closed connections=16 duration="$step" users=1000
  wait_quiet 60
  load "$dir/1-rate200" r "$step" mode=open rate=200 duration="$step" users=1000
  echo "200 msg/s, open model" > "$dir/1-rate200/load.txt"
  tool report ceiling "$dir/1-rate200" "$WIREMOCK_URL" "$SERVICE_URL" "$BOT_LATENCY_MS" -1 \
    > "$dir/1-rate200/report.log"
  wait_quiet 60
  load "$dir/2-flat-out" f "$step" mode=closed connections=16 duration="$step" users=1000
  echo "16 connections, unthrottled" > "$dir/2-flat-out/load.txt"
  tool report ceiling "$dir/2-flat-out" "$WIREMOCK_URL" "$SERVICE_URL" "$BOT_LATENCY_MS" -1 \
    > "$dir/2-flat-out/report.log"
  local max p99 n=3
  max=$(grep -o '"ackPerSecond" : [0-9]*' "$dir/2-flat-out/figures.json" | tr -dc '0-9')
  p99=$(grep -o '"ackP99" : [0-9-]*' "$dir/2-flat-out/figures.json" | tr -dc '0-9-')
  for percent in 75 50 25; do
    [[ $p99 -le 50 && $p99 -ge 0 ]] && break
    local rate=$((max * percent / 100)) sub=$dir/$n-throttled-$percent
    wait_quiet 60
    load "$sub" "t$n" "$step" mode=closed connections=16 duration="$step" users=1000 \
      throttle="$rate"
    echo "16 connections, throttled to $rate/s" > "$sub/load.txt"
    tool report ceiling "$sub" "$WIREMOCK_URL" "$SERVICE_URL" "$BOT_LATENCY_MS" -1 \
      > "$sub/report.log"
    p99=$(grep -o '"ackP99" : [0-9-]*' "$sub/figures.json" | tr -dc '0-9-')
    n=$((n + 1))
  done
  footprint jvmRssAfterCeilingMb "$(rss_mb)"
  footprint postgresPssAfterCeilingMb "$(postgres_pss_mb)"
  footprint serviceJvmFlags "$SERVICE_JAVA_OPTS"
  memory_details "$dir/memory.txt"
  stop_service
  stop_wiremock
}

main() {
  local wanted=("$@")
  [[ ${#wanted[@]} -eq 0 ]] && wanted=(steady outage hangs both-down ceiling)
  local list=" ${wanted[*]} "
  [[ $list == *" footprint "* ]] && list="$list steady ceiling "
  for s in $list; do
    case $s in
      steady|outage|hangs|both-down|ceiling|footprint) ;;
      *) log "unknown scenario $s"; exit 2 ;;
    esac
  done
  command -v curl > /dev/null || { log "curl is needed"; exit 2; }

  build
  RUN=$OUT/runs/$(date +%Y%m%d-%H%M%S)
  mkdir -p "$RUN"
  ln -sfn "$RUN" "$OUT/latest"
  {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' \
      /proc/meminfo), $(java -version 2>&1 | head -n 1)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "bot stand-in latency: $BOT_LATENCY_MS ms, Graph stand-in latency: $GRAPH_LATENCY_MS ms"
    echo "load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  } > "$RUN/machine.txt"

  [[ $list == *" steady "* ]] && rate_scenario steady 20 30 50 90
  [[ $list == *" outage "* ]] && rate_scenario outage 20 60 50 120 gemini-503.json
  [[ $list == *" hangs "* ]] && rate_scenario hangs 20 60 50 180 gemini-hang.json
  if [[ $list == *" both-down "* ]]; then
    rate_scenario both-down 10 30 $((10 * (30 + WARMUP_S) + 10)) 120 \
      gemini-503.json,openrouter-503.json,huggingface-503.json start
  fi
  [[ $list == *" ceiling "* ]] && ceiling_scenario

  echo
  cat "$RUN/machine.txt"
  echo
  tool summary "$RUN"
  local incident
  for incident in $(find "$RUN" -name incident.txt); do
    echo "INCIDENT in $(dirname "${incident#"$RUN"/}"): $(cat "$incident")"
  done
  echo
  echo "figures, logs, plot and Gatling reports: $RUN"
}

main "$@"
