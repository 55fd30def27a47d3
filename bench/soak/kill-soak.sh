#!/usr/bin/env bash
# Crash soak: run the jar against local stand-ins, send 500 signed messages over 100 users,
# kill -9 the service twice while it works and restart it each time, then count how many
# messages users got an answer to, how many twice, and how long each recovery took.
#
# Run from anywhere after `./mvnw -DskipTests package`. Only 127.0.0.1 is used. Everything the
# script starts is stopped on exit. Bounded: about three minutes on a small machine.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="$ROOT/target/chatbot-load-balancer.jar"
WIREMOCK_JAR="${WIREMOCK_JAR:-$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar}"
PORT="${SOAK_PORT:-3400}"
STAND_IN_PORT="${SOAK_STAND_IN_PORT:-3401}"
USERS="${SOAK_USERS:-100}"
PER_USER="${SOAK_PER_USER:-5}"
RATE="${SOAK_RATE:-5}"               # webhooks per second, so both kills land mid-stream
BOT_DELAY_MS="${SOAK_BOT_DELAY_MS:-300}"
KILL_AT=(${SOAK_KILL_AT:-150 350})   # kill when this many messages are acknowledged
TOTAL=$((USERS * PER_USER))
SECRET="soak-app-secret"
STAND_IN="http://127.0.0.1:$STAND_IN_PORT"
WORK="$(mktemp -d /tmp/kill-soak.XXXXXX)"
ACKS="$WORK/acks"
touch "$ACKS"

GATEWAY_PID=""
WIREMOCK_PID=""
SENDER_PID=""

say() { printf '%s %s\n' "$(date +%T)" "$*"; }

# The embedded PostgreSQL of a process killed with -9 is orphaned; stop it too.
stop_orphaned_postgres() {
    local pidfile="$WORK/data/postmaster.pid"
    if [[ -f "$pidfile" ]]; then
        local pid
        pid="$(head -1 "$pidfile")"
        if kill -0 "$pid" 2>/dev/null; then
            kill -INT "$pid" 2>/dev/null || true
        fi
    fi
}

cleanup() {
    set +e
    [[ -n "$SENDER_PID" ]] && kill "$SENDER_PID" 2>/dev/null
    [[ -n "$GATEWAY_PID" ]] && kill -TERM "$GATEWAY_PID" 2>/dev/null && wait "$GATEWAY_PID"
    stop_orphaned_postgres
    [[ -n "$WIREMOCK_PID" ]] && kill "$WIREMOCK_PID" 2>/dev/null && wait "$WIREMOCK_PID"
    say "logs and data kept in $WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v from="$1" -v to="$(now)" 'BEGIN { printf "%.1f", to - from }'; }
acked() { wc -l < "$ACKS"; }

start_gateway() {
    local run="$1"
    (cd "$ROOT" && exec env -i PATH="$PATH" HOME="$HOME" \
        APP_SECRET="$SECRET" VERIFY_TOKEN=soak-verify PAGE_ACCESS_TOKEN=soak-page-token \
        GEMINI_API_KEY=soak-gemini-key OPENROUTER_API_KEY=soak HUGGINGFACE_API_KEY=soak \
        GEMINI_BASE_URL="$STAND_IN" OPENROUTER_BASE_URL="$STAND_IN" \
        HUGGINGFACE_BASE_URL="$STAND_IN" GRAPH_API_BASE_URL="$STAND_IN" \
        DATA_DIR="$WORK/data" PORT="$PORT" INBOX_SWEEP_INTERVAL=5000 \
        java -Xmx512m -jar "$JAR" > "$WORK/gateway-$run.log" 2>&1) &
    GATEWAY_PID=$!
}

# Ready = a webhook handshake is answered; prints seconds since $1.
wait_ready() {
    local from="$1" deadline
    deadline=$((SECONDS + 90))
    until curl -sf -o /dev/null \
        "http://127.0.0.1:$PORT/webhook?hub.mode=subscribe&hub.verify_token=soak-verify&hub.challenge=1"; do
        ((SECONDS < deadline)) || { say "gateway did not start"; exit 1; }
        sleep 0.2
    done
    since "$from"
}

# Every message acknowledged before $1 answered; prints seconds since $2.
wait_answered() {
    local before="$1" from="$2" deadline
    deadline=$((SECONDS + 120))
    until [[ "$(python3 "$ROOT/bench/soak/soak.py" answered "$STAND_IN" "$ACKS" "$before")" == 1 ]]; do
        ((SECONDS < deadline)) || { echo "(not within 120 s)"; return 0; }
        sleep 0.5
    done
    since "$from"
}

[[ -f "$JAR" ]] || { echo "build the jar first: ./mvnw -DskipTests package" >&2; exit 1; }

say "stand-in on $STAND_IN, gateway on 127.0.0.1:$PORT, work dir $WORK"
java -jar "$WIREMOCK_JAR" --bind-address 127.0.0.1 --port "$STAND_IN_PORT" --disable-banner \
    > "$WORK/wiremock.log" 2>&1 &
WIREMOCK_PID=$!
until curl -sf -o /dev/null "$STAND_IN/__admin/mappings"; do sleep 0.2; done

stub() { curl -sf -o /dev/null -X POST "$STAND_IN/__admin/mappings" -d "$1"; }
# Gemini answers "echo: <the user's message>" after a think, so each reply names its message.
stub '{"request":{"method":"POST","urlPathPattern":"/v1beta/models/.*:generateContent"},
  "response":{"status":200,"fixedDelayMilliseconds":'"$BOT_DELAY_MS"',
  "headers":{"Content-Type":"application/json"},"transformers":["response-template"],
  "body":"{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"echo: {{jsonPath request.body '"'"'$.contents[-1].parts[0].text'"'"'}}\"}]},\"finishReason\":\"STOP\"}]}"}}'
# The backup answers its health probes, so nobody switches during the soak.
stub '{"request":{"method":"POST","urlPathPattern":"/(api/)?v1/chat/completions"},
  "response":{"status":200,"headers":{"Content-Type":"application/json"},
  "body":"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"}}'
stub '{"request":{"method":"POST","urlPath":"/v23.0/me/messages"},
  "response":{"status":200,"headers":{"Content-Type":"application/json"},
  "body":"{\"recipient_id\":\"1\",\"message_id\":\"m_reply\"}"}}'

start_gateway 1
say "gateway started in $(wait_ready "$(now)") s"

python3 "$ROOT/bench/soak/soak.py" send "http://127.0.0.1:$PORT/webhook" "$SECRET" \
    "$USERS" "$PER_USER" "$RATE" "$ACKS" &
SENDER_PID=$!

run=1
for threshold in "${KILL_AT[@]}"; do
    deadline=$((SECONDS + 120))
    until (($(acked) >= threshold)); do
        ((SECONDS < deadline)) || { say "sender stalled"; exit 1; }
        sleep 0.1
    done
    killed_at="$(now)"
    kill -9 "$GATEWAY_PID"
    wait "$GATEWAY_PID" 2>/dev/null || true
    say "kill -9 with $(acked) of $TOTAL acknowledged"
    run=$((run + 1))
    start_gateway "$run"
    say "kill $((run - 1)): accepting webhooks again $(wait_ready "$killed_at") s after the kill"
    say "kill $((run - 1)): all acknowledged before the kill answered" \
        "$(wait_answered "$killed_at" "$killed_at") s after the kill"
done

wait "$SENDER_PID"
SENDER_PID=""
say "all $TOTAL acknowledged; waiting for the last answers"
say "last answer $(wait_answered "$(now)" "$(now)") s later"
python3 "$ROOT/bench/soak/soak.py" report "$STAND_IN" "$ACKS" "$TOTAL" | tee "$WORK/report"
