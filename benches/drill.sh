#!/usr/bin/env bash
# Benchmarks the rollback drill views (issue 14) over an evidence metadata
# ledger of 100,000 drill entries:
#   - `cavra drill history` and `cavra drill dashboard`: < 0.3 s wall;
#   - each at most a quarter of the time jq takes to compute the same
#     counts (the jq program below) from the same file.
# The ledger comes from benches/drill-gen.py (a valid hash chain, written
# directly). cavra verifies the whole chain on every read; jq verifies
# nothing.
#
#   bash benches/drill.sh            (from the repo root; installs hyperfine, jq)
#
# A report, not a gate: exits 0 when a target is missed, non-zero when a
# command fails or cavra and jq disagree on the counts.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need hyperfine
need jq
need python3
build_release

N=${N:-100000}
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cavra-drill-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/drill-$STAMP"
mkdir -p "$OUT" "$WORK/repo"
HF=(hyperfine --warmup 2 --runs 10 -N --style basic)
export CAVRA_NOW=2026-12-01T00:00:00Z

log "generating a ledger of $N drill entries"
LEDGER="$WORK/metadata.jsonl"
python3 "$BENCH_DIR/drill-gen.py" "$N" >"$LEDGER"
# jq reads the plain file; cavra reads the same entries as the segmented
# ledger it keeps.
PLAIN="$WORK/plain.jsonl"
segment_ledger "$LEDGER" "$PLAIN"
export CAVRA_EVIDENCE_METADATA_STORE="$LEDGER"

# The drill dashboard's counts: audit deliveries per provider by each
# provider's own outcome, packages, plans, acknowledgements, notification
# deliveries. (The generated ledger has no retries.)
cat >"$WORK/drill.jq" <<'JQ'
reduce (inputs | .record) as $r
  ({audit_deliveries: 0, audit_failed: 0, packages: 0, plans: 0, acks: 0, notification_deliveries: 0, providers: {}};
   if $r.metadata_kind == "rollback-drill-acknowledgement-audit-delivery" then
     reduce $r.providers[] as $p (.;
       (($r.failed_providers | index($p)) == null) as $ok
       | .audit_deliveries += 1
       | (if $ok then . else .audit_failed += 1 end)
       | .providers[$p].total += 1
       | (if $ok then .providers[$p].success += 1 else .providers[$p].failed += 1 end))
   elif $r.metadata_kind == "rollback-drill-notification-delivery" then .notification_deliveries += ($r.providers | length)
   elif $r.metadata_kind == "rollback-drill-acknowledgement-audit" then .packages += 1
   elif $r.metadata_kind == "rollback-drill-acknowledgement-audit-delivery-plan" then .plans += 1
   elif $r.metadata_kind == "rollback-drill-acknowledgement" then .acks += 1
   else . end)
JQ
cp "$WORK/drill.jq" "$OUT/drill.jq"

log "checking that cavra and jq agree"
"$CAVRA" -C "$WORK/repo" drill dashboard --format json >"$OUT/cavra-dashboard.json"
jq -n -f "$WORK/drill.jq" "$PLAIN" >"$OUT/jq-dashboard.json"
jq -S '{audit_deliveries: .acknowledgement_audit_delivery_count, audit_failed: .failed_acknowledgement_audit_delivery_count,
        packages: .acknowledgement_audit_package_count, plans: .acknowledgement_audit_delivery_plan_count,
        acks: .acknowledgement_count, notification_deliveries: .notification_delivery_count,
        providers: (.acknowledgement_audit_delivery_providers | map({key: .provider, value: {total, success, failed}}) | from_entries)}' \
  "$OUT/cavra-dashboard.json" >"$WORK/a.json"
jq -S '.providers |= map_values({total, success: (.success // 0), failed: (.failed // 0)})' "$OUT/jq-dashboard.json" >"$WORK/b.json"
if ! diff -u "$WORK/b.json" "$WORK/a.json"; then log "error: cavra and jq disagree"; exit 1; fi
log "both count $(jq .audit_deliveries "$WORK/b.json") audit deliveries"

"${HF[@]}" --export-json "$OUT/dashboard.json" -n "cavra drill dashboard" \
  "$CAVRA -C $WORK/repo drill dashboard --format json" >&2
"${HF[@]}" --export-json "$OUT/history.json" -n "cavra drill history (failed audit deliveries, 50)" \
  "$CAVRA -C $WORK/repo drill history --connector-delivery-source go_backend_rollback_drill_acknowledgement_audit --delivery-success false --limit 50 --format json" >&2
"${HF[@]}" --export-json "$OUT/jq.json" -n "jq drill counts" \
  "jq -n -f $WORK/drill.jq $PLAIN" >&2

D=$(mean_ms "$OUT/dashboard.json"); H=$(mean_ms "$OUT/history.json"); J=$(mean_ms "$OUT/jq.json")
{
  printf 'cavra drill benchmark %s  commit %s; %s; %s cores; %s entries (%s MB ledger)\n' "$STAMP" \
    "$(git rev-parse --short HEAD)" "$(hyperfine --version)" "$(nproc)" "$N" "$(( $(stat -c %s "$PLAIN") / 1048576 ))"
  awk -v d="$D" -v h="$H" -v j="$J" 'BEGIN {
    printf "jq, same drill counts:   %8.1f ms\n", j
    printf "drill dashboard:         %8.1f ms   target < 300 ms and <= %.1f ms (jq / 4)   %s\n", d, j / 4, (d < 300 && d <= j / 4) ? "PASS" : "FAIL"
    printf "drill history:           %8.1f ms   target < 300 ms and <= %.1f ms (jq / 4)   %s\n", h, j / 4, (h < 300 && h <= j / 4) ? "PASS" : "FAIL"
  }'
} | tee "$OUT/summary.txt"
