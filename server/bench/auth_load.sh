#!/usr/bin/env bash
# Load scenario of the identity issue (make bench runs it after the gateway scenario):
#  1. authenticated GET /api/v1/users/me on ccrm beside GET /healthz on the minimal Beast
#     server, same wrk settings, alternating rounds: throughput ratio (target >= 0.6) and p99;
#  2. sign-ins per second (POST /api/v1/auth/login, argon2id) with wrk, and the p50/p99 of
#     GET /api/v1/users/me (inline) and GET /api/v1/users (worker pool) measured at the same
#     time, against their p99 without sign-in load.
#
#   server/bench/auth_load.sh BUILD_DIR
#
# Environment: BENCH_DURATION (10s), BENCH_ROUNDS (3), BENCH_CONNECTIONS (64),
# BENCH_WRK_THREADS (2), BENCH_LOGIN_CONNECTIONS (16), BENCH_PIN (1: servers on CPU 0, wrk on
# CPU 1), BENCH_IO_THREADS (1).
set -euo pipefail

BUILD_DIR=${1:?usage: server/bench/auth_load.sh BUILD_DIR}
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
LOGIN_CONNECTIONS=${BENCH_LOGIN_CONNECTIONS:-16}
TARGET_RATIO=0.6
PASSWORD="bench-admin-passphrase-42"

# shellcheck source=server/bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
bench_setup "$BUILD_DIR" auth-bench

# Part 1: both servers on CPU 0 with the same io threads, wrk on CPU 1 (bench_lib.sh:
# pin_setup). Part 2 is about the pools keeping sign-ins from the other requests, which takes
# more than one CPU: ccrm starts on every CPU (its pools sized for them), is pinned for part 1
# only (all its threads, `taskset -a`), and gets every CPU back for part 2.
pin_setup
IO_THREADS=${BENCH_IO_THREADS:-1}
echo "== servers: ${SERVER_CPU:-unpinned}, $IO_THREADS io thread(s) each; wrk: ${CLIENT_CPU:-unpinned}"
CCRM_PORT=$(free_port)
CCRM_ADMIN_PASSWORD="$PASSWORD" CCRM_THROTTLE_ENABLED=false CCRM_SERVER_IO_THREADS="$IO_THREADS" \
  "$CCRM" serve --listen "127.0.0.1:$CCRM_PORT" --data-dir "$WORK/data" \
  >/dev/null 2>"$WORK/ccrm.err" &
CCRM_PID=$!
PIDS+=($CCRM_PID)
MINIMAL_PORT=$(free_port)
$SERVER_CPU "$MINIMAL" "$MINIMAL_PORT" "$IO_THREADS" >/dev/null 2>"$WORK/minimal.err" &
MINIMAL_PID=$!
PIDS+=($MINIMAL_PID)
wait_healthy "$CCRM_PORT" ccrm || { cat "$WORK/ccrm.err" >&2; exit 1; }
wait_healthy "$MINIMAL_PORT" minimal_beast_server

LOGIN_BODY="{\"username\":\"admin\",\"password\":\"$PASSWORD\"}"
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d "$LOGIN_BODY" \
  "http://127.0.0.1:$CCRM_PORT/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
ME="http://127.0.0.1:$CCRM_PORT/api/v1/users/me"
AUTH="Authorization: Bearer $TOKEN"
curl -fs -o /dev/null -H "$AUTH" "$ME" || { echo "auth_load.sh: GET /users/me failed" >&2; exit 1; }

echo "== warm-up (2 s each)"
$CLIENT_CPU wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s -H "$AUTH" "$ME" >/dev/null
$CLIENT_CPU wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s "http://127.0.0.1:$MINIMAL_PORT/healthz" >/dev/null

[[ -z "$SERVER_CPU" ]] || taskset -a -p -c 0 "$CCRM_PID" >/dev/null
echo "== 1. wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION: ccrm GET /api/v1/users/me (Bearer) vs minimal GET /healthz, $ROUNDS rounds"
RESULTS="$WORK/results.txt"
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  echo " round $round (load average $(cut -d' ' -f1 /proc/loadavg))"
  measure_wrk ccrm_users_me "$CCRM_PID" "$RESULTS" -t"$WRK_THREADS" -c"$CONNECTIONS" \
    -d"$DURATION" --latency -H "$AUTH" "$ME"
  measure_wrk minimal_beast_server "$MINIMAL_PID" "$RESULTS" -t"$WRK_THREADS" \
    -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$MINIMAL_PORT/healthz"
  record_ratio "$RESULTS"
done
report_ratio "$RESULTS" ccrm_users_me minimal_beast_server "$TARGET_RATIO" \
  "ccrm users/me / minimal_beast_server throughput"

[[ -z "$SERVER_CPU" ]] || taskset -a -p -c "0-$(($(nproc) - 1))" "$CCRM_PID" >/dev/null
echo "== 2. sign-ins saturating the heavy pool, GET /users/me and GET /users beside them (8 connections each)"
cat >"$WORK/login.lua" <<EOF
wrk.method = "POST"
wrk.body = '$LOGIN_BODY'
wrk.headers["Content-Type"] = "application/json"
EOF
# GET /users/me runs inline on the io threads once its caches are warm; GET /users (the
# admin's list) reads storage on the worker pool: both are measured beside the sign-ins.
USERS="http://127.0.0.1:$CCRM_PORT/api/v1/users?limit=20"
for name in me users; do
  url=$ME; [[ $name == users ]] && url=$USERS
  wrk -t1 -c8 -d"$DURATION" --latency -H "$AUTH" "$url" >"$WORK/$name-alone.txt"
done
seconds=${DURATION%s}
wrk -t1 -c"$LOGIN_CONNECTIONS" -d"$((2 * seconds + 2))s" --latency -s "$WORK/login.lua" \
  "http://127.0.0.1:$CCRM_PORT/api/v1/auth/login" >"$WORK/login.txt" &
LOGIN_WRK=$!
sleep 1
for name in me users; do
  url=$ME; [[ $name == users ]] && url=$USERS
  wrk -t1 -c8 -d"$DURATION" --latency -H "$AUTH" "$url" >"$WORK/$name-under.txt"
done
wait "$LOGIN_WRK"
read -r logins login_p50 login_p99 login_errors < <(summarize "$WORK/login.txt")
echo "sign-ins: $logins/s (p50 $login_p50 ms, p99 $login_p99 ms, $login_errors errors; $LOGIN_CONNECTIONS connections)"
for name in me users; do
  label="GET /users/me"; [[ $name == users ]] && label="GET /users?limit=20"
  read -r rps p50 p99 _ < <(summarize "$WORK/$name-alone.txt")
  printf '%-22s alone:         %10s req/s, p50 %s ms, p99 %s ms\n' "$label" "$rps" "$p50" "$p99"
  read -r rps p50 p99 _ < <(summarize "$WORK/$name-under.txt")
  printf '%-22s under sign-ins: %10s req/s, p50 %s ms, p99 %s ms\n' "$label" "$rps" "$p50" "$p99"
done

kill -0 "${PIDS[0]}" 2>/dev/null || { echo "auth_load.sh: ccrm died; stderr:" >&2; tail -50 "$WORK/ccrm.err" >&2; exit 1; }
