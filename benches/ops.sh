#!/usr/bin/env bash
# Benchmarks store operations against their targets (issue: store operations
# and the git-native workflow):
#   - `cavra ops backup` of ~200 MB of stores: at least half the throughput of
#     `sha256sum` over the same files;
#   - `cavra diff` of a 10,000-record inventory between two commits: < 200 ms.
#
#   bash benches/ops.sh            (from the repo root; installs hyperfine)
#
# A report, not a gate: exits 0 when a target is missed, non-zero when a
# command fails.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need hyperfine
need jq
build_release

export CAVRA_NOW=2026-01-01T00:00:00Z
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cavra-ops-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$BENCH_DIR/results/ops-$STAMP"
mkdir -p "$OUT"
HF=(hyperfine --warmup 2 -N --style basic)

# --- diff: 10k inventory, two commits ------------------------------------------
log "diff: 10,000 records, 200 changed between two commits"
D="$WORK/diff"
mkdir -p "$D" && git -C "$D" init -q
gitc() { git -C "$D" -c user.name=bench -c user.email=bench@example.invalid "$@"; }
awk -v n=10000 -f "$BENCH_DIR/gen.awk" >"$WORK/10k.ndjson"
"$CAVRA" -C "$D" init >/dev/null
"$CAVRA" -C "$D" integration import "$WORK/10k.ndjson" >/dev/null
gitc add -A && gitc commit -qm one
for i in $(seq 1 100); do printf '{"provider":"new","integration_id":"new-%03d"}\n' "$i"; done >"$WORK/new.ndjson"
"$CAVRA" -C "$D" integration import "$WORK/new.ndjson" >/dev/null
awk -v n=100 -f "$BENCH_DIR/gen.awk" | sed 's/"owner":"team-[0-9]*"/"owner":"changed"/' >"$WORK/changed.ndjson"
"$CAVRA" -C "$D" integration import --upsert "$WORK/changed.ndjson" >/dev/null
gitc add -A && gitc commit -qm two
"${HF[@]}" --export-json "$OUT/diff-10k.json" -n "diff HEAD~1 HEAD (10k)" "$CAVRA -C $D diff HEAD~1 HEAD --format json" >&2

# --- backup: ~200 MB of stores --------------------------------------------------
log "backup: generating ~200 MB of stores"
B="$WORK/backup-src"
mkdir -p "$B/.cavra/evidence"
awk -v n=100000 -f "$BENCH_DIR/gen.awk" >"$WORK/100k.ndjson"
"$CAVRA" -C "$B" init >/dev/null
"$CAVRA" -C "$B" integration import "$WORK/100k.ndjson" >/dev/null
# The ledger's bytes only need to exist for a backup (it copies and hashes).
line='{"hash":"sha256:0000000000000000000000000000000000000000000000000000000000000000","prev_hash":"sha256:0000000000000000000000000000000000000000000000000000000000000000","record":{"created_at":"2026-01-01T00:00:00Z","metadata_kind":"bench","padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},"seq":1}'
target=$((200 * 1024 * 1024 - $(stat -c %s "$B/.cavra/api/integrations.json")))
(set +o pipefail; yes "$line" | head -c "$target") >"$B/.cavra/evidence/metadata.jsonl"
BYTES=$(( $(stat -c %s "$B/.cavra/api/integrations.json") + $(stat -c %s "$B/.cavra/evidence/metadata.jsonl") ))
"${HF[@]}" --export-json "$OUT/sha256sum.json" -n "sha256sum (200 MB)" \
  "sha256sum $B/.cavra/api/integrations.json $B/.cavra/evidence/metadata.jsonl" >&2
"${HF[@]}" --export-json "$OUT/backup.json" --prepare "rm -rf $WORK/bk" -n "cavra ops backup (200 MB)" \
  "$CAVRA -C $B ops backup --output $WORK/bk" >&2

sd() { jq -r '.results[0].stddev * 1000' "$1"; }
DIFF=$(mean_ms "$OUT/diff-10k.json"); SHA=$(mean_ms "$OUT/sha256sum.json"); BK=$(mean_ms "$OUT/backup.json")
{
  printf 'cavra ops benchmark %s  commit %s; %s; %s cores\n' "$STAMP" "$(git rev-parse --short HEAD)" "$(hyperfine --version)" "$(nproc)"
  printf 'diff HEAD~1 HEAD, 10k records:   %8.1f ± %.1f ms   target < 200 ms   %s\n' "$DIFF" "$(sd "$OUT/diff-10k.json")" \
    "$(awk -v m="$DIFF" 'BEGIN{print (m < 200) ? "PASS" : "FAIL"}')"
  awk -v b="$BYTES" -v s="$SHA" -v k="$BK" 'BEGIN {
    ts = b / 1048576 / (s / 1000); tb = b / 1048576 / (k / 1000)
    printf "sha256sum, %.0f MB:              %8.1f ms  (%.0f MB/s)\n", b / 1048576, s, ts
    printf "ops backup, %.0f MB:             %8.1f ms  (%.0f MB/s)   target >= %.0f MB/s (half of sha256sum)   %s\n", b / 1048576, k, tb, ts / 2, (tb >= ts / 2) ? "PASS" : "FAIL"
  }'
} | tee "$OUT/summary.txt"
