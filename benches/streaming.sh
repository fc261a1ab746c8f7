#!/usr/bin/env bash
# Streaming reads at the hash limit (issue 28): time and peak memory of the
# commands that read a whole evidence ledger, against what hashing the same
# bytes costs, at any size:
#
#   bash benches/streaming.sh                 (N=100000 deliveries)
#   N=1000000 bash benches/streaming.sh       (the 1M figures)
#
# Targets:
#   - `cavra validate`: <= 2x `openssl dgst -sha256` of the same segment bytes,
#     uncommitted and committed; peak RSS <= 64 MiB;
#   - `delivery dashboard`, `delivery history`, `drill dashboard`: peak RSS
#     <= 128 MiB (times reported);
#   - `console build`: page <= 10 MB, <= 1.5 s;
#   - `ledger migrate` of the one-file ledger: peak RSS <= 256 MiB;
#   - AISPM (EVENTS=N/10 by default, EVENTS=... to change): ingest >= 0.8x an
#     all-cores batch verify loop over the same signatures (the
#     `aispm-bench verify-batch` yardstick: decode, PAE, ed25519-dalek
#     `verify_batch` in chunks of 64 on every core), and `validate`
#     re-verifying the stored entries >= 0.5x that loop in <= 128 MiB.
#
# The ledger comes from benches/history-gen.py (a valid chain written
# directly), moved into segments by `cavra ledger migrate` (measured). Wall
# times are hyperfine means; peak RSS is GNU time's %M of one run.
# A report, not a gate: exits 0 when a target is missed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need hyperfine
need jq
need python3
need openssl
[[ -x /usr/bin/time ]] || need /usr/bin/time time
build_release --example aispm-bench
TOOL="$RELEASE_DIR/examples/aispm-bench"
N=${N:-100000}
EVENTS=${EVENTS:-$((N / 10))}
bench_dirs streaming
export CAVRA_NOW=2026-12-01T00:00:00Z
HF=(hyperfine --warmup 1 --runs "${RUNS:-5}" -N --style basic)
rss_mb() { # rss_mb CMD...: peak RSS of one run of CMD, in MiB (its stdout dropped)
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/rss.err" || {
    cat "$WORK/rss.err" >&2
    return 1
  }
  awk '{ printf "%.1f", $1 / 1024 }' "$WORK/rss"
}
# shellcheck disable=SC2317 # called through time_ms
time_ms() { # time_ms NAME CMD: hyperfine mean of CMD (one string), in ms
  "${HF[@]}" --export-json "$OUT/$1.json" -n "$1" "$2" >&2
  jq -r '.results[0].mean * 1000 | . * 10 | round / 10' "$OUT/$1.json"
}

REPO="$WORK/repo"
mkdir -p "$REPO" && git -C "$REPO" init -q && "$CAVRA" -C "$REPO" init >/dev/null
gitc() { git -C "$REPO" -c user.name=bench -c user.email=bench@example.invalid "$@"; }
log "generating a ledger of $N deliveries"
python3 "$BENCH_DIR/history-gen.py" "$N" >"$REPO/.cavra/evidence/metadata.jsonl"
log "ledger migrate (one file -> segments)"
MIGRATE_MB=$(rss_mb "$CAVRA" -C "$REPO" ledger migrate)
SEGS=("$REPO"/.cavra/evidence/metadata/*/*.jsonl)
BYTES=$(cat "${SEGS[@]}" | wc -c)
log "$N entries, ${#SEGS[@]} segments, $((BYTES / 1048576)) MiB"

V="$CAVRA -C $REPO validate --format json"
"$CAVRA" -C "$REPO" validate >/dev/null # pins the ledger once
DGST_MS=$(time_ms openssl "openssl dgst -sha256 ${SEGS[*]}")
VAL_MS=$(time_ms validate-uncommitted "$V")
VAL_MB=$(rss_mb "$CAVRA" -C "$REPO" validate)
gitc add -A && gitc commit -qm ledger
VALC_MS=$(time_ms validate-committed "$V")
VALC_MB=$(rss_mb "$CAVRA" -C "$REPO" validate)

DASH_MS=$(time_ms delivery-dashboard "$CAVRA -C $REPO delivery dashboard --format json")
DASH_MB=$(rss_mb "$CAVRA" -C "$REPO" delivery dashboard --format json)
HIST_MS=$(time_ms delivery-history "$CAVRA -C $REPO delivery history --limit 50 --format json")
HIST_MB=$(rss_mb "$CAVRA" -C "$REPO" delivery history --limit 50 --format json)
DRILL_MS=$(time_ms drill-dashboard "$CAVRA -C $REPO drill dashboard --format json")
DRILL_MB=$(rss_mb "$CAVRA" -C "$REPO" drill dashboard --format json)
CONSOLE_MS=$(time_ms console-build "$CAVRA -C $REPO console build --output $WORK/site --format json")
CONSOLE_MB=$(rss_mb "$CAVRA" -C "$REPO" console build --output "$WORK/site" --format json)
PAGE_MB=$(du -b "$WORK/site/index.html" | awk '{ printf "%.2f", $1 / 1048576 }')

log "AISPM: $EVENTS signed envelopes"
A="$WORK/aispm"
mkdir -p "$A" && git -C "$A" init -q && "$CAVRA" -C "$A" init >/dev/null
"$TOOL" gen "$EVENTS" "$WORK/ed.ndjson" "$WORK/key" >/dev/null
"$CAVRA" -C "$A" aispm tenant add bench --tenant-ref tenant:bench >/dev/null
"$CAVRA" -C "$A" aispm collector add bench bench-ci --ed25519-public-key-file "$WORK/key.pub" >/dev/null
read -r _ _ BATCH <<<"$("$TOOL" verify-batch "$WORK/ed.ndjson" "$WORK/key.pub")"
# The signed lines of 1M envelopes pass the default 1 GiB input limit.
export CAVRA_MAX_INPUT_BYTES=$((16 << 30))
/usr/bin/time -f '%e %M' -o "$WORK/ingest.time" "$CAVRA" -C "$A" aispm ingest "$WORK/ed.ndjson" --format json >"$WORK/ingest.json"
read -r INGEST_S INGEST_KB <"$WORK/ingest.time"
[[ $(jq .accepted "$WORK/ingest.json") == "$EVENTS" ]] || { log "error: ingest: $(jq -c . "$WORK/ingest.json")"; exit 1; }
INGEST_RATE=$(awk -v n="$EVENTS" -v s="$INGEST_S" 'BEGIN { printf "%.0f", n / s }')
AV_MS=$(time_ms aispm-validate "$CAVRA -C $A validate --format json")
AV_MB=$(rss_mb "$CAVRA" -C "$A" validate)
AV_RATE=$(awk -v n="$EVENTS" -v ms="$AV_MS" 'BEGIN { printf "%.0f", n * 1000 / ms }')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == ">=") ? (a >= b) : (a <= b); print ok ? "PASS" : "MISS" }'; }
{
  printf 'cavra streaming benchmark %s  commit %s; %s cores; %s entries, %s MiB of segments; %s AISPM events\n' \
    "$STAMP" "$(git rev-parse --short HEAD)" "$(nproc)" "$N" "$((BYTES / 1048576))" "$EVENTS"
  row() { printf '%-44s %12s %14s  %s\n' "$@"; }
  row measure value target verdict
  row "openssl dgst -sha256 of the segments" "${DGST_MS} ms" "-" ""
  row "validate, uncommitted" "${VAL_MS} ms" "<= $(awk -v d="$DGST_MS" 'BEGIN { printf "%.0f", 2 * d }') ms" "$(verdict "$VAL_MS" "<=" "$(awk -v d="$DGST_MS" 'BEGIN { print 2 * d }')") ($(ratio "$VAL_MS" "$DGST_MS")x dgst)"
  row "validate, committed" "${VALC_MS} ms" "<= $(awk -v d="$DGST_MS" 'BEGIN { printf "%.0f", 2 * d }') ms" "$(verdict "$VALC_MS" "<=" "$(awk -v d="$DGST_MS" 'BEGIN { print 2 * d }')") ($(ratio "$VALC_MS" "$DGST_MS")x dgst)"
  row "validate peak RSS, uncommitted" "${VAL_MB} MiB" "<= 64 MiB" "$(verdict "$VAL_MB" "<=" 64)"
  row "validate peak RSS, committed" "${VALC_MB} MiB" "<= 64 MiB" "$(verdict "$VALC_MB" "<=" 64)"
  row "delivery dashboard" "${DASH_MS} ms" "-" ""
  row "delivery dashboard peak RSS" "${DASH_MB} MiB" "<= 128 MiB" "$(verdict "$DASH_MB" "<=" 128)"
  row "delivery history --limit 50" "${HIST_MS} ms" "-" ""
  row "delivery history peak RSS" "${HIST_MB} MiB" "<= 128 MiB" "$(verdict "$HIST_MB" "<=" 128)"
  row "drill dashboard" "${DRILL_MS} ms" "-" ""
  row "drill dashboard peak RSS" "${DRILL_MB} MiB" "<= 128 MiB" "$(verdict "$DRILL_MB" "<=" 128)"
  row "console build" "${CONSOLE_MS} ms" "<= 1500 ms" "$(verdict "$CONSOLE_MS" "<=" 1500)"
  row "console build peak RSS" "${CONSOLE_MB} MiB" "-" ""
  row "console page" "${PAGE_MB} MB" "<= 10 MB" "$(verdict "$PAGE_MB" "<=" 10)"
  row "ledger migrate peak RSS" "${MIGRATE_MB} MiB" "<= 256 MiB" "$(verdict "$MIGRATE_MB" "<=" 256)"
  row "bare verify_batch loop, all cores" "${BATCH}/s" "-" ""
  row "aispm ingest" "${INGEST_RATE}/s" ">= 0.8x loop" "$(verdict "$INGEST_RATE" ">=" "$(awk -v b="$BATCH" 'BEGIN { print 0.8 * b }')") ($(ratio "$INGEST_RATE" "$BATCH")x)"
  row "aispm ingest peak RSS" "$((INGEST_KB / 1024)) MiB" "-" ""
  row "validate re-verifying the events" "${AV_RATE}/s" ">= 0.5x loop" "$(verdict "$AV_RATE" ">=" "$(awk -v b="$BATCH" 'BEGIN { print 0.5 * b }')") ($(ratio "$AV_RATE" "$BATCH")x)"
  row "validate of the events, peak RSS" "${AV_MB} MiB" "<= 128 MiB" "$(verdict "$AV_MB" "<=" 128)"
} | tee "$OUT/summary.txt"
