#!/usr/bin/env bash
# Benchmarks segmented ledgers against their targets (issue 10):
#   - appending one entry to a ledger of 100,000 entries: < 5 ms (no
#     whole-ledger read);
#   - reading (and verifying) all 100,000 entries: < 100 ms;
#   - `cavra ledger verify` over 100 commits of history: < 2 s.
#
#   bash benches/ledger.sh         (from the repo root; installs hyperfine)
#
# A report, not a gate: exits 0 when a target is missed, non-zero when a
# command fails. Append and read run the store's API through a small helper
# (benches/ledger-tools/tool.rs), so process start-up is included.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need hyperfine
need jq
build_release --example ledger-bench
TOOL="$RELEASE_DIR/examples/ledger-bench"

export CAVRA_NOW=2026-01-01T00:00:00Z
bench_dirs ledger
HF=(hyperfine --warmup 3 -N --style basic)

log "filling a ledger with 100,000 entries"
L="$WORK/big/metadata.jsonl"
mkdir -p "$WORK/big"
"$TOOL" fill "$L" 100000
"${HF[@]}" --export-json "$OUT/append.json" -n "append 1 entry (100k ledger)" "$TOOL append $L" >&2
"${HF[@]}" --export-json "$OUT/read.json" -n "read all (100k ledger)" "$TOOL read $L" >&2

log "verify: a repository with 100 commits appending to a 100,000-entry ledger"
R="$WORK/repo"
mkdir -p "$R" && git -C "$R" init -q
gitc() { git -C "$R" -c user.name=bench -c user.email=bench@example.invalid "$@"; }
"$CAVRA" -C "$R" init >/dev/null
"$TOOL" fill "$R/.cavra/evidence/metadata.jsonl" 100000
gitc add -A && gitc commit -qm fill
for i in $(seq 1 100); do
  "$TOOL" append "$R/.cavra/evidence/metadata.jsonl"
  gitc add -A && gitc commit -qm "append $i"
done
"${HF[@]}" --export-json "$OUT/verify.json" -n "ledger verify (100 commits)" "$CAVRA -C $R ledger verify" >&2

sd() { jq -r '.results[0].stddev * 1000' "$1"; }
verdict() { awk -v m="$1" -v t="$2" 'BEGIN{print (m < t) ? "PASS" : "FAIL"}'; }
A=$(mean_ms "$OUT/append.json"); RD=$(mean_ms "$OUT/read.json"); V=$(mean_ms "$OUT/verify.json")
{
  printf 'cavra ledger benchmark %s  commit %s; %s; %s cores\n' "$STAMP" "$(git rev-parse --short HEAD)" "$(hyperfine --version)" "$(nproc)"
  printf 'append 1 entry, 100k ledger:    %8.2f ± %.2f ms   target < 5 ms      %s\n' "$A" "$(sd "$OUT/append.json")" "$(verdict "$A" 5)"
  printf 'read all, 100k entries:         %8.1f ± %.1f ms   target < 100 ms    %s\n' "$RD" "$(sd "$OUT/read.json")" "$(verdict "$RD" 100)"
  printf 'ledger verify, 100 commits:     %8.1f ± %.1f ms   target < 2000 ms   %s\n' "$V" "$(sd "$OUT/verify.json")" "$(verdict "$V" 2000)"
} | tee "$OUT/summary.txt"
