#!/usr/bin/env bash
# Load scenario of the calls issue: Amazon Connect's deliveries into a server with a realistic
# set of leads (server/bench/generate_leads.py), each figure beside its yardstick in the run:
#  1. contact events, one per request, 64 concurrent senders: each contact's INITIATED, QUEUED,
#     CONNECTED_TO_AGENT, DISCONNECTED, COMPLETED and COMPLETED again (the repeat: idempotency);
#  2. CTRs, one per request, 64 senders, numbers of real leads (matched, in their timeline);
#  3. the contact flow's lookup alone, then under the load of 1 (target p99 < 5 ms);
#  4. Kinesis Data Firehose deliveries of 500 CTRs (gzip), 4 senders: batches/s and records/s;
#  yardstick: GET /healthz on the same server, same wrk settings (the HTTP floor).
#
#   server/bench/connect_load.sh BUILD_DIR
#
# Environment: BENCH_LEADS (10000), BENCH_DURATION (10s), BENCH_CONNECTIONS (64),
# BENCH_BATCHES (20).
set -euo pipefail

BUILD_DIR=${1:?usage: server/bench/connect_load.sh BUILD_DIR}
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
LEADS=${BENCH_LEADS:-10000}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
BATCHES=${BENCH_BATCHES:-20}
PASSWORD="bench-admin-passphrase-42"
# shellcheck source=server/bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
bench_setup "$BUILD_DIR" connect-bench

echo "== data set: $LEADS leads"
python3 "$HERE/generate_leads.py" "$LEADS" >"$WORK/leads.csv"
CCRM_ADMIN_PASSWORD="$PASSWORD" "$CCRM" migrate --data-dir "$WORK/data" >/dev/null
"$CCRM" import "$WORK/leads.csv" --data-dir "$WORK/data" | head -1
python3 -c 'import csv,sys; r=csv.DictReader(open(sys.argv[1])); print("\n".join(row["phone"] for _, row in zip(range(2000), r)))' \
  "$WORK/leads.csv" >"$WORK/phones.txt"

PORT=$(free_port)
CCRM_ADMIN_PASSWORD="$PASSWORD" CCRM_THROTTLE_ENABLED=false "$CCRM" serve --listen "127.0.0.1:$PORT" \
  --data-dir "$WORK/data" >/dev/null 2>"$WORK/ccrm.err" &
PIDS+=($!)
wait_healthy "$PORT" ccrm || { cat "$WORK/ccrm.err" >&2; exit 1; }
API="http://127.0.0.1:$PORT/api/v1"
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
  "$API/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
key() {
  curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench $1\",\"scopes\":[\"$1\"]}" "$API/api-keys" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])'
}
INGEST=$(key connect:ingest)
LOOKUP=$(key connect:lookup)

# Each wrk thread numbers its own contacts; a request is the next step of the current contact.
cat >"$WORK/events.lua" <<'LUA'
local counter = 0
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
local n = 0
local steps = {"INITIATED", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED", "COMPLETED", "COMPLETED"}
wrk.method = "POST"
function request()
  local contact = string.format("bench-%d-%d", tid, math.floor(n / 6))
  local step = steps[(n % 6) + 1]
  n = n + 1
  local body = string.format('{"version":"0","id":"e-%s-%s","detail-type":"Amazon Connect Contact Event",' ..
    '"source":"aws.connect","time":"2026-12-07T15:00:01Z","detail":{"contactId":"%s","eventType":"%s",' ..
    '"channel":"VOICE","initiationMethod":"INBOUND","initiationTimestamp":"2026-12-07T15:00:00.000Z",' ..
    '"queueInfo":{"queueArn":"arn:aws:connect:us-east-1:1:instance/i/queue/q1"},' ..
    '"agentInfo":{"agentArn":"arn:aws:connect:us-east-1:1:instance/i/agent/a1","connectedToAgentTimestamp":"2026-12-07T15:00:20.000Z"}%s}}',
    contact, step, contact, step,
    (step == "DISCONNECTED" or step == "COMPLETED") and ',"disconnectTimestamp":"2026-12-07T15:04:00.000Z"' or "")
  return wrk.format(nil, nil, nil, body)
end
LUA
{
  echo 'local phones = {'
  sed 's/.*/"&",/' "$WORK/phones.txt"
  echo '}'
  cat <<'LUA'
local counter = 0
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
local n = 0
wrk.method = "POST"
function request()
  n = n + 1
  local phone = phones[(n % #phones) + 1]
  local body
  if mode == "ctr" then
    body = string.format('{"AWSContactTraceRecordFormatVersion":"2017-03-10","ContactId":"ctr-%d-%d","Channel":"VOICE",' ..
      '"InitiationMethod":"INBOUND","InitiationTimestamp":"2026-12-07T15:00:00Z","DisconnectTimestamp":"2026-12-07T15:04:00Z",' ..
      '"LastUpdateTimestamp":"2026-12-07T15:05:00Z","CustomerEndpoint":{"Address":"%s","Type":"TELEPHONE_NUMBER"},' ..
      '"Agent":{"Username":"bench.agent","ConnectedToAgentTimestamp":"2026-12-07T15:00:20Z"},"Queue":{"Name":"Claims intake"},' ..
      '"Attributes":{"claimType":"hail"}}', tid, n, phone)
  else
    body = string.format('{"Name":"ContactFlowEvent","Details":{"ContactData":{"Channel":"VOICE","InitiationMethod":"INBOUND",' ..
      '"CustomerEndpoint":{"Address":"%s","Type":"TELEPHONE_NUMBER"}},"Parameters":{}}}', phone)
  end
  return wrk.format(nil, nil, nil, body)
end
LUA
} >"$WORK/phones.lua"
sed 's/^local counter = 0$/mode = "ctr"\nlocal counter = 0/' "$WORK/phones.lua" >"$WORK/ctr.lua"
sed 's/^local counter = 0$/mode = "lookup"\nlocal counter = 0/' "$WORK/phones.lua" >"$WORK/lookup.lua"

JSON='Content-Type: application/json'
run() {  # NAME OUTPUT wrk-args...
  local name=$1 out=$2
  shift 2
  wrk --latency "$@" >"$out"
  read -r rps p50 p99 errors <<<"$(summarize "$out")"
  printf '%-34s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  errors %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
}

echo "== wrk -t2 -c$CONNECTIONS -d$DURATION"
run "GET /healthz (yardstick)" "$WORK/health.txt" -t2 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$PORT/healthz"
run "contact events (1 per request)" "$WORK/events.txt" -t2 -c"$CONNECTIONS" -d"$DURATION" -H "$JSON" \
  -H "X-Api-Key: $INGEST" -s "$WORK/events.lua" "$API/integrations/connect/events"
run "CTRs (1 per request, matched)" "$WORK/ctr.txt" -t2 -c"$CONNECTIONS" -d"$DURATION" -H "$JSON" \
  -H "X-Api-Key: $INGEST" -s "$WORK/ctr.lua" "$API/integrations/connect/ctr"
echo "== the contact flow's lookup (wrk -t1 -c2), alone and under the load of contact events"
run "lookup alone" "$WORK/lookup-alone.txt" -t1 -c2 -d"$DURATION" -H "$JSON" -H "X-Api-Key: $LOOKUP" \
  -s "$WORK/lookup.lua" "$API/integrations/connect/lookup"
sed 's/bench-%d-%d/load-%d-%d/' "$WORK/events.lua" >"$WORK/events2.lua"
wrk --latency -t2 -c"$CONNECTIONS" -d"$DURATION" -H "$JSON" -H "X-Api-Key: $INGEST" -s "$WORK/events2.lua" \
  "$API/integrations/connect/events" >"$WORK/events-bg.txt" &
BACKGROUND=$!
sleep 1
run "lookup under event load" "$WORK/lookup-load.txt" -t1 -c2 -d"$(( ${DURATION%s} - 2 ))s" -H "$JSON" \
  -H "X-Api-Key: $LOOKUP" -s "$WORK/lookup.lua" "$API/integrations/connect/lookup"
wait "$BACKGROUND" || true
read -r bg_rps _ bg_p99 _ <<<"$(summarize "$WORK/events-bg.txt")"
printf '%-34s %9.0f req/s                    p99 %7.3f ms\n' "  (events meanwhile)" "$bg_rps" "$bg_p99"

echo "== Kinesis Data Firehose: $BATCHES deliveries of 500 CTRs (gzip), 4 senders"
python3 - "$API" "$INGEST" "$BATCHES" "$WORK/phones.txt" <<'PY'
import base64, gzip, json, sys, threading, time, urllib.request
api, key, batches, phones = sys.argv[1], sys.argv[2], int(sys.argv[3]), open(sys.argv[4]).read().split()
def body(b):
    records = []
    for i in range(500):
        ctr = {"AWSContactTraceRecordFormatVersion": "2017-03-10", "ContactId": f"fh-{b}-{i}", "Channel": "VOICE",
               "InitiationMethod": "INBOUND", "InitiationTimestamp": "2026-12-07T15:00:00Z",
               "DisconnectTimestamp": "2026-12-07T15:04:00Z", "LastUpdateTimestamp": "2026-12-07T15:05:00Z",
               "CustomerEndpoint": {"Address": phones[(b * 500 + i) % len(phones)], "Type": "TELEPHONE_NUMBER"},
               "Queue": {"Name": "Claims intake"}}
        records.append({"data": base64.b64encode((json.dumps(ctr) + "\n").encode()).decode()})
    return gzip.compress(json.dumps({"requestId": f"bench-{b}", "timestamp": 0, "records": records}).encode())
bodies = [body(b) for b in range(batches)]
latencies, lock, failures = [], threading.Lock(), []
def send(indexes):
    for b in indexes:
        request = urllib.request.Request(api + "/integrations/connect/ctr", data=bodies[b], method="POST", headers={
            "Content-Type": "application/json", "Content-Encoding": "gzip", "X-Amz-Firehose-Request-Id": f"bench-{b}",
            "X-Amz-Firehose-Access-Key": key, "X-Amz-Firehose-Protocol-Version": "1.0"})
        start = time.monotonic()
        with urllib.request.urlopen(request, timeout=180) as reply:
            ok = reply.status == 200 and json.load(reply)["requestId"] == f"bench-{b}"
        with lock:
            latencies.append(time.monotonic() - start)
            if not ok: failures.append(b)
start = time.monotonic()
threads = [threading.Thread(target=send, args=(range(t, batches, 4),)) for t in range(4)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.monotonic() - start
latencies.sort()
print(f"firehose: {batches} deliveries in {elapsed:.2f} s = {batches / elapsed:.1f} batches/s, "
      f"{batches * 500 / elapsed:.0f} CTRs/s; per delivery p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
      f"max {latencies[-1] * 1000:.0f} ms; {len(failures)} failed")
PY
