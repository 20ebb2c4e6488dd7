#!/usr/bin/env bash
# The blob store's load scenario: a large object through the S3-compatible endpoint (SigV4,
# encrypted at rest) beside plain yardsticks on the same disk in the same run — `cat` of the
# file, and nginx (Debian's, WebDAV PUT) storing and serving it — then 4 KiB ranged reads by a
# presigned URL under wrk, resident memory while a 2 GiB upload streams through, and the
# upload trigger's latency (PUT answered -> document available) for small documents.
#
#   server/bench/blob_load.sh BUILD_DIR
#
# Environment: BENCH_BLOB_MB (1024: the file's size), BENCH_RSS_MB (2048), BENCH_ROUNDS (3,
# alternating; medians reported), BENCH_DURATION (10s, the ranged-read wrk run),
# BENCH_TRIGGERS (200 documents).
set -euo pipefail

BUILD_DIR=${1:?usage: server/bench/blob_load.sh BUILD_DIR}
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
SIZE_MB=${BENCH_BLOB_MB:-1024}
RSS_MB=${BENCH_RSS_MB:-2048}
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-10s}
TRIGGERS=${BENCH_TRIGGERS:-200}
TARGET_RATIO=0.7
KEY=AKIDBLOBBENCH0000001
SECRET=blob-bench-secret-0123456789
ADMIN_PASSWORD=blob-bench-admin-passphrase

# shellcheck source=server/bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
bench_setup "$BUILD_DIR" blobs
command -v nginx >/dev/null || { echo "blob_load.sh: nginx is not installed (bash scripts/install-deps.sh --bench)" >&2; exit 1; }

echo "== a ${SIZE_MB} MiB file of random bytes in $WORK"
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom >"$WORK/file.bin"
BYTES=$(stat -c %s "$WORK/file.bin")

CCRM_PORT=$(free_port)
CCRM_THROTTLE_ENABLED=false CCRM_BLOBS_ACCESS_KEY_ID=$KEY CCRM_BLOBS_SECRET_ACCESS_KEY=$SECRET \
  CCRM_ADMIN_PASSWORD=$ADMIN_PASSWORD CCRM_LOG_LEVEL=warn \
  "$CCRM" serve --listen "127.0.0.1:$CCRM_PORT" --data-dir "$WORK/data" >/dev/null 2>"$WORK/ccrm.err" &
PIDS+=($!)
CCRM_PID=$!
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx/root" "$WORK/nginx/body" "$WORK/nginx/logs"
cat >"$WORK/nginx/nginx.conf" <<CONF
user $(id -un);
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $WORK/nginx/body;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/root;
    location /healthz { return 200 "ok"; }
    location / { dav_methods PUT DELETE; create_full_put_path on; }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -g 'daemon off;' &
PIDS+=($!)
wait_healthy "$CCRM_PORT" ccrm || { cat "$WORK/ccrm.err" >&2; exit 1; }
wait_healthy "$NGINX_PORT" nginx || { cat "$WORK/nginx/logs/error.log" >&2; exit 1; }

s3() {  # curl args... : SigV4 (header form) with the configured pair
  curl -sS --aws-sigv4 "aws:amz:us-east-1:s3" --user "$KEY:$SECRET" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
mbps() { awk -v b="$BYTES" -v t="$1" 'BEGIN {printf "%.0f", b / t / 1e6}'; }  # SECONDS -> MB/s

echo "== $ROUNDS alternating rounds: upload, then download, of the same ${SIZE_MB} MiB"
printf '%-34s %6s %10s %10s\n' what round seconds MB/s
: >"$WORK/results.txt"
for round in $(seq "$ROUNDS"); do
  sync
  t=$(s3 -o /dev/null -w '%{time_total}' -T "$WORK/file.bin" "http://127.0.0.1:$CCRM_PORT/s3/recordings/big-$round.bin")
  printf '%-34s %6s %10s %10s\n' "ccrm PUT (SigV4, sealed, fsync)" "$round" "$t" "$(mbps "$t")"
  echo "ccrm_put $(mbps "$t")" >>"$WORK/results.txt"
  sync
  t=$(curl -sS -o /dev/null -w '%{time_total}' -T "$WORK/file.bin" "http://127.0.0.1:$NGINX_PORT/big-$round.bin")
  printf '%-34s %6s %10s %10s\n' "nginx PUT (plain file)" "$round" "$t" "$(mbps "$t")"
  echo "nginx_put $(mbps "$t")" >>"$WORK/results.txt"
  t=$(s3 -o /dev/null -w '%{time_total}' "http://127.0.0.1:$CCRM_PORT/s3/recordings/big-$round.bin")
  printf '%-34s %6s %10s %10s\n' "ccrm GET (SigV4, opened)" "$round" "$t" "$(mbps "$t")"
  echo "ccrm_get $(mbps "$t")" >>"$WORK/results.txt"
  t=$(curl -sS -o /dev/null -w '%{time_total}' "http://127.0.0.1:$NGINX_PORT/big-$round.bin")
  printf '%-34s %6s %10s %10s\n' "nginx GET (sendfile)" "$round" "$t" "$(mbps "$t")"
  echo "nginx_get $(mbps "$t")" >>"$WORK/results.txt"
  start=$(date +%s.%N)
  cat "$WORK/file.bin" >/dev/null
  t=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.6f", b - a}')
  printf '%-34s %6s %10s %10s\n' "cat FILE > /dev/null" "$round" "$t" "$(mbps "$t")"
  echo "cat $(mbps "$t")" >>"$WORK/results.txt"
  # Not ours to keep: the next round writes its own.
  rm -f "$WORK/nginx/root/big-$round.bin"
  s3 -o /dev/null -X DELETE "http://127.0.0.1:$CCRM_PORT/s3/recordings/big-$round.bin"
done
cmp <(s3 "http://127.0.0.1:$CCRM_PORT/s3/recordings/check.bin" -o - -T "$WORK/file.bin" >/dev/null;
      s3 "http://127.0.0.1:$CCRM_PORT/s3/recordings/check.bin") "$WORK/file.bin" ||
  { echo "blob_load.sh: the object read back differs from the file" >&2; exit 1; }
echo "== medians (MB/s)"
for what in ccrm_put nginx_put ccrm_get nginx_get cat; do
  printf '  %-10s %8s\n' "$what" "$(median "$WORK/results.txt" "$what" 2)"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
put_ratio=$(ratio "$(median "$WORK/results.txt" ccrm_put 2)" "$(median "$WORK/results.txt" nginx_put 2)")
get_yard=$(median "$WORK/results.txt" nginx_get 2)
cat_yard=$(median "$WORK/results.txt" cat 2)
faster_get=$(awk -v a="$get_yard" -v b="$cat_yard" 'BEGIN {print (a > b ? a : b)}')
get_ratio=$(ratio "$(median "$WORK/results.txt" ccrm_get 2)" "$faster_get")
echo "upload: ccrm / nginx PUT = $put_ratio (target $TARGET_RATIO)"
echo "download: ccrm / max(nginx GET, cat) = $get_ratio (target $TARGET_RATIO)"

echo "== 4 KiB ranged reads at random offsets, presigned URL, wrk -t2 -c16 -d$DURATION"
URL=$(python3 - "$CCRM_PORT" "$KEY" "$SECRET" <<'PY'
import datetime, hashlib, hmac, sys, urllib.parse
port, key, secret = sys.argv[1:4]
host, path = f"127.0.0.1:{port}", "/s3/recordings/check.bin"
now = datetime.datetime.utcnow()
amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
scope = f"{day}/us-east-1/s3/aws4_request"
query = {"X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": f"{key}/{scope}",
         "X-Amz-Date": amz_date, "X-Amz-Expires": "3600", "X-Amz-SignedHeaders": "host"}
canonical_query = "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
                           for k, v in sorted(query.items()))
request = f"GET\n{path}\n{canonical_query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD"
to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hashlib.sha256(request.encode()).hexdigest()}"
k = ("AWS4" + secret).encode()
for part in (day, "us-east-1", "s3", "aws4_request"):
    k = hmac.new(k, part.encode(), hashlib.sha256).digest()
signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
print(f"{path}?{canonical_query}&X-Amz-Signature={signature}")
PY
)
cat >"$WORK/range.lua" <<LUA
math.randomseed(os.time())
request = function()
  local first = math.random(0, $BYTES - 4096)
  wrk.headers["Range"] = "bytes=" .. first .. "-" .. (first + 4095)
  return wrk.format("GET", "$URL")
end
LUA
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Range: bytes=0-4095' "http://127.0.0.1:$CCRM_PORT$URL")
[[ $status == 206 ]] || { echo "blob_load.sh: the presigned ranged GET answered $status" >&2; exit 1; }
wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/range.lua" "http://127.0.0.1:$CCRM_PORT" >"$WORK/range.txt"
read -r rps p50 p99 errors < <(summarize "$WORK/range.txt")
echo "ranged reads: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors"

echo "== resident memory while a ${RSS_MB} MiB upload streams through"
truncate -s "${RSS_MB}M" "$WORK/zeros.bin"
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$CCRM_PID/status"; }
before=$(rss)
s3 -o /dev/null -T "$WORK/zeros.bin" "http://127.0.0.1:$CCRM_PORT/s3/recordings/zeros.bin" &
upload=$!
peak=$before
while kill -0 "$upload" 2>/dev/null; do
  now=$(rss)
  ((now > peak)) && peak=$now
  sleep 0.1
done
wait "$upload"
echo "VmRSS before ${before} KiB, peak during the upload ${peak} KiB (+$(((peak - before) / 1024)) MiB)"
s3 -o /dev/null -X DELETE "http://127.0.0.1:$CCRM_PORT/s3/recordings/zeros.bin"
rm -f "$WORK/zeros.bin"

echo "== upload trigger latency: PUT answered -> document available, $TRIGGERS documents, one at a time"
python3 - "$CCRM_PORT" "$ADMIN_PASSWORD" "$TRIGGERS" <<'PY'
import json, sys, time, urllib.request
port, password, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = f"http://127.0.0.1:{port}"
def call(method, path, body=None, token=None, url=None, data=None, headers=None):
    h = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode(); h["Content-Type"] = "application/json"
    if token: h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url or base + path, data=data, method=method, headers=h)
    with urllib.request.urlopen(req) as r:
        raw = r.read()
        return json.loads(raw) if raw and r.headers.get("Content-Type", "").startswith("application/json") else raw
token = call("POST", "/api/v1/auth/login", {"username": "admin", "password": password})["accessToken"]
lead = call("POST", "/api/v1/leads", {"firstName": "Bench", "lastName": "Trigger", "phones": [{"number": "+15125550100"}]}, token)
pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
latencies = []
for i in range(count):
    created = call("POST", f"/api/v1/leads/{lead['id']}/documents",
                   {"fileName": f"scan-{i}.pdf", "contentType": "application/pdf", "sizeBytes": len(pdf), "category": "photo"}, token)
    upload = created["upload"]
    call("PUT", None, url=upload["url"], data=pdf, headers=upload.get("headers", {}))
    put_done = time.perf_counter()
    while call("GET", f"/api/v1/documents/{created['document']['id']}", token=token)["status"] == "pending":
        time.sleep(0.0005)
    latencies.append((time.perf_counter() - put_done) * 1000)
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(f"trigger latency over {count} documents: p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
PY

kill -0 "$CCRM_PID" 2>/dev/null || { echo "blob_load.sh: ccrm died; stderr:" >&2; tail -50 "$WORK/ccrm.err" >&2; exit 1; }
