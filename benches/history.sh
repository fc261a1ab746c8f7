#!/usr/bin/env bash
# Benchmarks the delivery history and dashboard (issue 13) over an evidence
# metadata ledger of 100,000 deliveries:
#   - `cavra delivery history` and `cavra delivery dashboard`: < 0.3 s wall;
#   - each at most a quarter of the time jq takes to compute the same
#     dashboard counts (the jq program below) from the same file.
# The ledger comes from benches/history-gen.py (a valid hash chain, written
# directly; not 100,000 cavra runs). cavra verifies the whole chain on every
# read; jq verifies nothing.
#
#   bash benches/history.sh            (from the repo root; installs hyperfine, jq)
#
# A report, not a gate: exits 0 when a target is missed, non-zero when a
# command fails or cavra and jq disagree on the counts.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need hyperfine
need jq
need python3
build_release

N=${N:-100000}
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cavra-history-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/history-$STAMP"
mkdir -p "$OUT"
HF=(hyperfine --warmup 2 --runs 10 -N --style basic)
export CAVRA_NOW=2026-12-01T00:00:00Z

log "generating a ledger of $N deliveries"
LEDGER="$WORK/metadata.jsonl"
python3 "$BENCH_DIR/history-gen.py" "$N" >"$LEDGER"
# jq reads the plain file; cavra reads the same entries as the segmented
# ledger it keeps.
PLAIN="$WORK/plain.jsonl"
segment_ledger "$LEDGER" "$PLAIN"

# The same dashboard counts as `cavra delivery dashboard`: every delivery to
# a provider counted by that provider's own outcome, per provider and in
# total, attempts per provider, the newest delivery per provider, and
# deliveries per event type. (Retries and recovery are left out: the
# generated ledger has none.)
cat >"$WORK/dashboard.jq" <<'JQ'
reduce (inputs | .record | select(.delivery_success | type == "boolean")) as $r
  ({total: 0, success: 0, failed: 0, providers: {}, event_types: {}};
   reduce $r.providers[] as $p (.;
     (($r.failed_providers | index($p)) == null) as $ok
     | .total += 1
     | (if $ok then .success += 1 else .failed += 1 end)
     | .providers[$p].total += 1
     | .providers[$p].success += (if $ok then 1 else 0 end)
     | .providers[$p].failed += (if $ok then 0 else 1 end)
     | .providers[$p].attempt_count += ($r.attempt_counts[$p] // 0)
     | .providers[$p].last_delivery_at = ([.providers[$p].last_delivery_at // "", $r.created_at] | max)
     | .event_types[$r.event_type] += 1))
JQ
cp "$WORK/dashboard.jq" "$OUT/dashboard.jq"

log "checking that cavra and jq agree"
"$CAVRA" delivery dashboard --metadata-json "$LEDGER" --format json >"$OUT/cavra-dashboard.json"
jq -n -f "$WORK/dashboard.jq" "$PLAIN" >"$OUT/jq-dashboard.json"
jq -S '{total: .total_deliveries, success: .successful_deliveries, failed: .failed_deliveries,
        event_types, providers: (.providers | map({key: .provider, value: {total, success, failed, attempt_count, last_delivery_at}}) | from_entries)}' \
  "$OUT/cavra-dashboard.json" >"$WORK/a.json"
jq -S . "$OUT/jq-dashboard.json" >"$WORK/b.json"
if ! diff -u "$WORK/b.json" "$WORK/a.json"; then log "error: cavra and jq disagree"; exit 1; fi
TOTAL=$(jq .total "$WORK/b.json")
log "both count $TOTAL deliveries"

"${HF[@]}" --export-json "$OUT/dashboard.json" -n "cavra delivery dashboard" \
  "$CAVRA delivery dashboard --metadata-json $LEDGER --format json" >&2
"${HF[@]}" --export-json "$OUT/history.json" -n "cavra delivery history --no-success --limit 50" \
  "$CAVRA delivery history --metadata-json $LEDGER --no-success --limit 50 --format json" >&2
"${HF[@]}" --export-json "$OUT/jq.json" -n "jq dashboard counts" \
  "jq -n -f $WORK/dashboard.jq $PLAIN" >&2

D=$(mean_ms "$OUT/dashboard.json"); H=$(mean_ms "$OUT/history.json"); J=$(mean_ms "$OUT/jq.json")
{
  printf 'cavra history benchmark %s  commit %s; %s; %s cores; %s deliveries (%s MB ledger)\n' "$STAMP" \
    "$(git rev-parse --short HEAD)" "$(hyperfine --version)" "$(nproc)" "$TOTAL" "$(( $(stat -c %s "$PLAIN") / 1048576 ))"
  awk -v d="$D" -v h="$H" -v j="$J" 'BEGIN {
    printf "jq, same dashboard counts:   %8.1f ms\n", j
    printf "delivery dashboard:          %8.1f ms   target < 300 ms and <= %.1f ms (jq / 4)   %s\n", d, j / 4, (d < 300 && d <= j / 4) ? "PASS" : "FAIL"
    printf "delivery history:            %8.1f ms   target < 300 ms and <= %.1f ms (jq / 4)   %s\n", h, j / 4, (h < 300 && h <= j / 4) ? "PASS" : "FAIL"
  }'
} | tee "$OUT/summary.txt"
