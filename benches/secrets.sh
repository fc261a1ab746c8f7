#!/usr/bin/env bash
# Benchmarks the secret scanner's cost inside `cavra validate` (issue 26):
#   - the scan adds under 5% to `validate` of a 10,000-record store.
#
#   bash benches/secrets.sh        (from the repo root; installs hyperfine)
#
# Method: `cavra validate` of a repository whose inventory holds 10,000
# records is timed whole (hyperfine); then the scanner alone is timed over
# every string value of that same store file (the strings validate
# scans) by a helper (benches/secrets-tools/tool.rs) that calls
# `cavra::secrets::detect` on each, after one warm-up pass. The scan's share
# is the second over the first: the scan is part of validate, so this is
# what validate would save without it.
#
# A report, not a gate: exits 0 when the target is missed, non-zero when a
# command fails.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need hyperfine
need jq
build_release --example secrets-bench
TOOL="$RELEASE_DIR/examples/secrets-bench"

export CAVRA_NOW=2026-01-01T00:00:00Z
bench_dirs secrets
HF=(hyperfine --warmup 3 -N --style basic)

log "validate: a repository with 10,000 inventory records"
R="$WORK/repo"
mkdir -p "$R" && git -C "$R" init -q
awk -v n=10000 -f "$BENCH_DIR/gen.awk" >"$WORK/10k.ndjson"
"$CAVRA" -C "$R" init >/dev/null
"$CAVRA" -C "$R" integration import "$WORK/10k.ndjson" >/dev/null
"$CAVRA" -C "$R" validate >/dev/null
"${HF[@]}" --export-json "$OUT/validate.json" -n "validate (10k records)" "$CAVRA -C $R validate" >&2

log "the scanner alone over the same store's strings"
SCAN_LINE=$("$TOOL" scan "$R/.cavra/api/integrations.json" 50)
SCAN=$(printf '%s\n' "$SCAN_LINE" | awk '{print $1}')
V=$(mean_ms "$OUT/validate.json")
{
  printf 'cavra secret-scan benchmark %s  commit %s; %s; %s cores; %s rules\n' "$STAMP" "$(git rev-parse --short HEAD)" \
    "$(hyperfine --version)" "$(nproc)" "$("$CAVRA" secrets rules | jq .total)"
  printf 'validate, 10k records:          %8.1f ± %.1f ms\n' "$V" "$(jq -r '.results[0].stddev * 1000' "$OUT/validate.json")"
  printf 'scan alone, same store:         %s\n' "$SCAN_LINE"
  awk -v s="$SCAN" -v v="$V" 'BEGIN { p = 100 * s / v; printf "scan share of validate:         %8.2f %%      target < 5 %%       %s\n", p, (p < 5 ? "PASS" : "FAIL") }'
} | tee "$OUT/summary.txt"
